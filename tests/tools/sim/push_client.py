"""BTSE WS authentication with a signature made by `openssl dgst` (passed in), fills pushed
after a crossing order; GCT's push socket sending a transaction after a crossing saveEntrust.

usage: push_client.py <btse start line> <gct start line> <nonce> <btse ws signature>
"""
import base64
import hashlib
import hmac
import json
import ssl
import sys
import time
import urllib.request

import websocket

btse = json.loads(sys.argv[1])
gct = json.loads(sys.argv[2])
nonce, signature = sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=btse["ca"])

ws = websocket.create_connection(btse["ws"])
ws.send(json.dumps({"op": "authKeyExpires", "args": [btse["api_key"], nonce, signature]}))
print("btse auth", ws.recv())
ws.send(json.dumps({"op": "subscribe", "args": ["fills"]}))
print("btse subscribe", ws.recv())
body = '{"symbol":"BTC-USDT","size":0.001,"price":31000,"side":"BUY","type":"LIMIT"}'
rest_nonce = str(int(time.time() * 1000))
sign = hmac.new(btse["secret"].encode(), ("/api/v3.3/order" + rest_nonce + body).encode(), hashlib.sha384).hexdigest()
urllib.request.urlopen(urllib.request.Request(btse["rest"] + "/api/v3.3/order", data=body.encode(), method="POST",
                                              headers={"request-api": btse["api_key"], "request-nonce": rest_nonce,
                                                       "request-sign": sign}), context=context).read()
fill = json.loads(ws.recv())
print("btse fill", fill["topic"], sorted(fill["data"][0].keys()) == sorted(
    ["orderId", "serialId", "clOrderId", "type", "symbol", "side", "price", "size", "feeAmount", "feeCurrency",
     "base", "quote", "maker", "timestamp", "tradeId"]), fill["data"][0]["side"], fill["data"][0]["maker"])

push = websocket.create_connection(gct["ws"])
push.send(json.dumps({"accessKey": gct["api_key"]}))
print("gct subscribe", push.recv())
params = {"accessKey": gct["api_key"], "count": 0.001, "matchType": "LIMIT", "payPwd": gct["pay_password"],
          "price": 31000, "symbol": "BTCUSDT", "type": "BUY", "timestamp": str(int(time.time() * 1000))}
text = "&".join("%s=%s" % (k, params[k]) for k in sorted(params))
params["signature"] = base64.b64encode(hmac.new(gct["secret"].encode(), text.encode(), hashlib.sha256).digest()).decode()
answer = json.loads(urllib.request.urlopen(urllib.request.Request(
    gct["rest"] + "/order/saveEntrust", data=json.dumps(params).encode(), method="POST",
    headers={"content-type": "application/json;charset=UTF-8"}), context=context).read())
deal = json.loads(push.recv())
print("gct push", sorted(deal.keys()), deal["entrustId"] == str(answer["data"]), deal["type"])

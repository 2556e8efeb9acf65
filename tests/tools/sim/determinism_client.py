"""Places a fixed sequence of BTSE and DigiFinex orders on oex-sim while listening to their
notification and book sockets, and prints every message received, socket by socket.

usage: determinism_client.py <btse start line JSON> <digifinex start line JSON>
(the CA file comes through WEBSOCKET_CLIENT_CA_BUNDLE and SSL_CERT_FILE)
"""
import hashlib
import hmac
import json
import ssl
import sys
import time
import urllib.request
import zlib

import websocket

btse = json.loads(sys.argv[1])
digi = json.loads(sys.argv[2])
context = ssl.create_default_context(cafile=btse["ca"])


def btse_order(method, query, body):
    path = "/api/v3.3/order"
    nonce = str(int(time.time() * 1000))
    sign = hmac.new(btse["secret"].encode(), (path + nonce + body).encode(), hashlib.sha384).hexdigest()
    req = urllib.request.Request(btse["rest"] + path + query, data=body.encode() or None, method=method,
                                 headers={"request-api": btse["api_key"], "request-nonce": nonce, "request-sign": sign,
                                          "Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, context=context).read())


def digi_order(side, amount, price):
    form = "symbol=btc_usdt&type=%s&amount=%s&price=%s" % (side, amount, price)
    sign = hmac.new(digi["secret"].encode(), form.encode(), hashlib.sha256).hexdigest()
    req = urllib.request.Request(digi["rest"] + "/v3/spot/order/new", data=form.encode(), method="POST",
                                 headers={"ACCESS-KEY": digi["api_key"], "ACCESS-TIMESTAMP": str(int(time.time())),
                                          "ACCESS-SIGN": sign})
    return json.loads(urllib.request.urlopen(req, context=context).read())


notes = websocket.create_connection(btse["ws"])
nonce = str(int(time.time() * 1000))
sign = hmac.new(btse["secret"].encode(), ("/ws/spot" + nonce).encode(), hashlib.sha384).hexdigest()
notes.send(json.dumps({"op": "authKeyExpires", "args": [btse["api_key"], nonce, sign]}))
notes.recv()
notes.send(json.dumps({"op": "subscribe", "args": ["notificationApiV3", "fills"]}))
notes.recv()
book = websocket.create_connection(btse["ws_book"])
book.send(json.dumps({"op": "subscribe", "args": ["update:BTC-USDT_0"]}))
book.recv()

dws = websocket.create_connection(digi["ws"])
ts = str(int(time.time() * 1000))
import base64
dsign = base64.b64encode(hmac.new(digi["secret"].encode(), ts.encode(), hashlib.sha256).digest()).decode()
dws.send(json.dumps({"id": 1, "method": "server.auth", "params": [digi["api_key"], ts, dsign]}))
dws.recv()
dws.send(json.dumps({"id": 2, "method": "order.subscribe", "params": ["BTC_USDT"]}))
dws.recv()
dws.send(json.dumps({"id": 3, "method": "balance.subscribe", "params": ["BTC", "USDT"]}))
dws.recv()

answers = []
answers.append(btse_order("POST", "", '{"symbol":"BTC-USDT","size":0.004,"price":30001,"side":"BUY","type":"LIMIT"}'))
answers.append(btse_order("POST", "", '{"symbol":"BTC-USDT","size":0.02,"price":29999.5,"side":"BUY","type":"LIMIT","clOrderID":"rest-1"}'))
answers.append(btse_order("POST", "", '{"symbol":"BTC-USDT","size":0.05,"price":29990,"side":"SELL","type":"LIMIT"}'))
answers.append(btse_order("POST", "", '{"symbol":"BTC-USDT","size":0.003,"side":"SELL","type":"MARKET"}'))
answers.append(btse_order("DELETE", "?symbol=BTC-USDT&clOrderID=rest-1", ""))
answers.append(digi_order("buy", "0.01", "30002"))
answers.append(digi_order("sell", "0.03", "29995"))
for a in answers:
    print("rest", json.dumps(a, sort_keys=True))

for name, sock, inflate in (("notes", notes, False), ("book", book, False), ("digifinex", dws, True)):
    sock.settimeout(2.0)
    while True:
        try:
            m = sock.recv()
        except websocket.WebSocketTimeoutException:
            break
        print(name, zlib.decompress(m).decode() if inflate else m)

"""Drives oex-sim's fault injection through its control endpoint and reports, one line per
fault, what a BTSE client observed.

usage: faults_client.py <btse start line JSON>
"""
import hashlib
import hmac
import json
import ssl
import sys
import time
import urllib.error
import urllib.request

import websocket

btse = json.loads(sys.argv[1])
control = btse["control"]
context = ssl.create_default_context(cafile=btse["ca"])


def set_fault(query):
    req = urllib.request.Request(control + query, data=b"", method="POST")
    try:
        return urllib.request.urlopen(req).status
    except urllib.error.HTTPError as e:
        return e.code


def order(body):
    path = "/api/v3.3/order"
    nonce = str(int(time.time() * 1000))
    sign = hmac.new(btse["secret"].encode(), (path + nonce + body).encode(), hashlib.sha384).hexdigest()
    req = urllib.request.Request(btse["rest"] + path, data=body.encode(), method="POST",
                                 headers={"request-api": btse["api_key"], "request-nonce": nonce, "request-sign": sign})
    try:
        r = urllib.request.urlopen(req, context=context)
        return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def notes_socket():
    ws = websocket.create_connection(btse["ws"])
    nonce = str(int(time.time() * 1000))
    sign = hmac.new(btse["secret"].encode(), ("/ws/spot" + nonce).encode(), hashlib.sha384).hexdigest()
    ws.send(json.dumps({"op": "authKeyExpires", "args": [btse["api_key"], nonce, sign]}))
    ws.recv()
    ws.send(json.dumps({"op": "subscribe", "args": ["notificationApiV3"]}))
    ws.recv()
    ws.settimeout(1.5)
    return ws


def drain(ws):
    out = []
    while True:
        try:
            out.append(ws.recv())
        except websocket.WebSocketTimeoutException:
            return out


RESTING = '{"symbol":"BTC-USDT","size":0.001,"price":20000,"side":"BUY","type":"LIMIT"}'

ws = notes_socket()
order(RESTING)
print("baseline", len(drain(ws)))

set_fault("/fault?venue=btse&duplicate=1")
order(RESTING)
got = drain(ws)
print("duplicate", len(got), got[0] == got[1] if len(got) == 2 else False)
set_fault("/fault?venue=btse&duplicate=0&drop=1")
order(RESTING)
print("drop", len(drain(ws)))
set_fault("/fault?venue=btse&drop=0&corrupt=1")
order(RESTING)
got = drain(ws)
try:
    json.loads(got[0])
    print("corrupt", len(got), "valid")
except ValueError:
    print("corrupt", len(got), "invalid")
set_fault("/fault?venue=btse&corrupt=0&reorder=1")
first = json.loads(order(RESTING)[1])[0]["orderID"]
second = json.loads(order(RESTING)[1])[0]["orderID"]
got = [json.loads(m)["data"]["orderID"] for m in drain(ws)]
print("reorder", got == [second, first])
set_fault("/fault?venue=btse&reorder=0&delay_ms=200")
order(RESTING)
print("delay", len(drain(ws)))
set_fault("/fault?venue=btse&delay_ms=0&reject=1")
status, body = order(RESTING)
print("reject", status, json.loads(body)[0]["status"])
set_fault("/fault?venue=btse&reject=0&throttle=1")
status, body = order(RESTING)
print("throttle", status, json.loads(body)["errorCode"])
set_fault("/fault?venue=btse&throttle=0&skip_seq=1")
book = websocket.create_connection(btse["ws_book"])
book.send(json.dumps({"op": "subscribe", "args": ["update:BTC-USDT_0"]}))
book.recv()
snapshot = json.loads(book.recv())["data"]
order(RESTING)
delta = json.loads(book.recv())["data"]
# One number never sent: the delta follows a packet that did not come.
print("skip_seq", delta["seqNum"] - snapshot["seqNum"], delta["seqNum"] - delta["prevSeqNum"])
set_fault("/fault?venue=btse&skip_seq=0")
print("bad_fault", set_fault("/fault?venue=btse&nonsense=1"))
drain(ws)
print("disconnect", set_fault("/disconnect?venue=btse"))
try:
    r = ws.recv()
    print("closed" if not r else "still open " + repr(r))
except (websocket.WebSocketConnectionClosedException, ConnectionError, websocket.WebSocketTimeoutException) as e:
    print("closed", type(e).__name__)

"""Runs the DigiFinex document's Python examples against oex-sim, unchanged but for the URL,
and checks each deflated answer against the JSON the document shows after the example.

usage: digifinex_examples.py <digifinex-ws-v1.md> <wss url> <api key> <secret>
(the CA file comes through WEBSOCKET_CLIENT_CA_BUNDLE, which websocket-client reads).
Prints one line per example and exits non-zero on the first mismatch.
"""
import ast
import base64
import hashlib
import hmac
import json
import re
import subprocess
import sys
import time
import zlib

DOC_URL = "wss://openapi.digifinex.com/ws/v1/"
PRIVATE = ("order.", "order_algo.", "balance.", "server.auth")


def examples(text):
    """(python code, expected JSON) pairs in document order."""
    pairs = []
    blocks = re.findall(r"```(python|json)\n(.*?)```", text, re.S)
    for i, (kind, body) in enumerate(blocks):
        if kind == "python" and i + 1 < len(blocks) and blocks[i + 1][0] == "json":
            pairs.append((body, json.loads(blocks[i + 1][1])))
    return pairs


def answer(printed):
    """The example prints the binary frame as a bytes literal; inflate it (zlib)."""
    return json.loads(zlib.decompress(ast.literal_eval(printed.strip())))


def main():
    doc, url, key, secret = sys.argv[1:5]
    text = open(doc, encoding="utf-8").read()
    checked = 0
    for code, expected in examples(text):
        method = re.search(r'"method":"([^"]+)"', code).group(1)
        code = code.replace(DOC_URL, url)
        if method.startswith(PRIVATE):
            # Private calls need this simulator's credentials: authenticate first on the same
            # connection with a fresh signature, then send the document's request.
            ts = str(int(time.time() * 1000))
            sign = base64.b64encode(hmac.new(secret.encode(), ts.encode(), hashlib.sha256).digest()).decode()
            auth_id = 12312 if method == "server.auth" else 1
            auth = '{"id":%d, "method":"server.auth", "params":["%s","%s","%s"]}' % (auth_id, key, ts, sign)
            if method == "server.auth":
                code = re.sub(r"ws\.send\('.*'\)", "ws.send('" + auth + "')", code)
            else:
                code = code.replace("ws.send(", "ws.send('" + auth + "'); ws.recv(); ws.send(", 1)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
        if run.returncode != 0:
            print("FAIL", method, "example failed:", run.stderr.strip())
            return 1
        got = answer(run.stdout)
        if method == "server.time":
            ok = got.get("error") is None and isinstance(got.get("result"), int) and got.get("id") == expected["id"]
        else:
            ok = got == expected
        print("ok" if ok else "FAIL", method, json.dumps(got))
        if not ok:
            print("expected", json.dumps(expected))
            return 1
        checked += 1
    print("checked", checked)
    return 0 if checked >= 10 else 1


if __name__ == "__main__":
    sys.exit(main())

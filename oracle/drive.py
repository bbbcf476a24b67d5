#!/usr/bin/env python3
"""Drives oracle/scenarios.json through a Prism validation proxy and judges what Prism reports (oracle/prism.sh).

Usage: drive.py TARGET PROXY_URL SIMULATOR_URL CLUSTER_ID TOKEN
  TARGET         simulator or gateway: which column of each scenario's expect applies
  PROXY_URL      Prism's proxy in front of the target
  SIMULATOR_URL  the simulated control plane behind it, for /_sim/faults
  TOKEN          the bearer token sent unless a scenario says otherwise

Prism adds an sl-violations header (a JSON list) to every answer it found at fault. A response violation of severity
Error is a failure: the answer breaks the vendor spec. A warning is listed: it is a status the spec does not declare for
that operation, whose body Prism cannot check; this script checks such a body has the vendor Error shape itself. A
status outside the scenario's expect list, or an answer made by Prism itself (no upstream answer), is a failure too.
Request violations are expected (half the scenarios are invalid on purpose) and only counted.
Prints one line per scenario and exits 1 on any failure.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

IMAGE = "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3"
FOREIGN_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.c2lnbmF0dXJl"


def send(method, url, body=None, headers=None, timeout=15):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def fill(text, values):
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def body_of(scenario, values):
    if "big" in scenario:
        padding = "x" * 9000
        annotations = ",".join('{"name":"a%d","value":"%s"}' % (i, padding) for i in range(scenario["big"] // 9000 + 1))
        raw = '{"name":"%s-b","projectId":"4","clusterId":"%s","spec":{"leader":{"image":"%s","annotations":[%s]}}}' % (
            values["name"], values["cluster"], IMAGE, annotations)
        return raw.encode(), "application/json"
    if "raw" in scenario:
        return fill(scenario["raw"], values).encode(), scenario.get("contentType", "application/json")
    if "body" in scenario:
        return fill(json.dumps(scenario["body"]), values).encode(), "application/json"
    return None, None


def is_error_shape(payload):
    try:
        error = json.loads(payload)
    except ValueError:
        return False
    return (isinstance(error, dict) and isinstance(error.get("code"), int) and 100 <= error["code"] <= 599
            and isinstance(error.get("message"), str)
            and ("details" not in error or error["details"] is None or isinstance(error["details"], str)))


def main():
    target, proxy, simulator, cluster, token = sys.argv[1:6]
    scenarios = json.load(open(os.path.join(os.path.dirname(__file__), "scenarios.json")))["scenarios"]
    values = {"name": "oracle-%d" % (time.time() * 1000 % 10**9), "cluster": cluster, "image": IMAGE, "id": ""}
    failures, warnings, request_violations = [], [], 0
    for scenario in scenarios:
        if target not in scenario.get("targets", ["simulator", "gateway"]):
            continue
        body, content_type = body_of(scenario, values)
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        auth = scenario.get("auth")
        if auth != "none":
            headers["Authorization"] = "Bearer " + (FOREIGN_TOKEN if auth == "bad" else token)
        if "faults" in scenario:
            send("PUT", simulator + "/_sim/faults", json.dumps(scenario["faults"]).encode(),
                 {"Content-Type": "application/json"})
        try:
            status, answer_headers, payload = send(scenario["method"], proxy + fill(scenario["path"], values), body,
                                                   headers)
        finally:
            if "faults" in scenario:
                send("PUT", simulator + "/_sim/faults", b"{}", {"Content-Type": "application/json"})
        answer_headers = {key.lower(): value for key, value in answer_headers.items()}
        violations = answer_headers.get("sl-violations", "[]")
        if violations.startswith("Too many violations!"):
            violations = "[]" if '"response' not in violations else None
        found = json.loads(violations) if violations is not None else [
            {"location": ["response"], "severity": "Error", "message": "too many violations to list"}]
        problems = []
        for violation in found:
            where = ".".join(str(part) for part in violation.get("location", []))
            if not where.startswith("response"):
                request_violations += 1
            elif violation.get("severity") == "Error":
                problems.append("%s: %s" % (where, violation.get("message")))
            else:
                warnings.append("%s %s -> %d: %s" % (scenario["method"], scenario["name"], status,
                                                      violation.get("message")))
                if not is_error_shape(payload):
                    problems.append("undeclared status %d without the vendor Error body: %.200s" % (status, payload))
        if answer_headers.get("content-type", "").startswith("application/problem+json"):
            problems.append("Prism answered itself (%d): %.300s" % (status, payload))
        if status not in scenario["expect"][target]:
            problems.append("status %d, expected one of %s: %.300s" % (status, scenario["expect"][target], payload))
        if scenario.get("save") and 200 <= status < 300:
            values["id"] = json.loads(payload)["workloadId"]
        print("%-4s %-6s %-62s %d" % ("FAIL" if problems else "ok", scenario["method"], scenario["name"], status))
        for problem in problems:
            print("       " + problem)
            failures.append("%s: %s" % (scenario["name"], problem))
    print("%s: %d failure(s), %d undeclared-status warning(s), %d request violation(s) (expected: invalid requests)"
          % (target, len(failures), len(warnings), request_violations))
    for warning in warnings:
        print("  departure: " + warning)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

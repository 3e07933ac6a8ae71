#!/usr/bin/env python3
"""An independent verifier of Assessment's evidence, written from docs/evidence-format.md alone.

  evidence_verifier.py vectors docs/evidence-format.md
  evidence_verifier.py log EVENTS.json KEYS.json [CHECKPOINT.json]
  evidence_verifier.py handover HANDOVER.json KEYS.json EVENTS.json
  evidence_verifier.py witness REPOSITORY EVENTS.json KEYS.json
  evidence_verifier.py vsa VSA.json KEYS.json

Prints "ok: ..." and exits 0, or "not ok: ..." and exits 1. Needs the `cryptography` package
(and the `git` command for a witness repository).
"""
import base64
import hashlib
import json
import re
import subprocess
import sys
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

GENESIS = "0" * 64
IN_TOTO = "application/vnd.in-toto+json"
STATEMENT = "https://in-toto.io/Statement/v1"
HANDOVER_TYPES = ("https://assessment.invalid/docs/evidence-format.md#handover-v1",
                  "https://assessment.invalid/handover/v1")
VSA_TYPE = "https://slsa.dev/verification_summary/v1"
ACTION_TYPE = "https://assessment.invalid/docs/evidence-format.md#action-v1"


class Bad(Exception):
    pass


def jcs(value):
    """RFC 8785 for the values the format uses: objects, arrays, strings, integers, booleans, null."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def legacy_string(s):
    """Format 1: System.Text.Json's default escaping (every non-ASCII character and "+<>&'`)."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif code < 0x20 or code >= 0x7F or ch in "\"+<>&'`":
            for unit in (ch.encode("utf-16-be")[i:i + 2] for i in range(0, len(ch.encode("utf-16-be")), 2)):
                out.append("\\u%04X" % int.from_bytes(unit, "big"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def ticks(at):
    t = datetime.strptime(at[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    fraction = (at[20:-1] if len(at) > 20 else "").ljust(7, "0")
    seconds = (t - datetime(1, 1, 1, tzinfo=timezone.utc)).days * 86400 + t.hour * 3600 + t.minute * 60 + t.second
    return seconds * 10_000_000 + int(fraction or "0")


def canonical(e):
    fmt = e.get("format", 1)
    if fmt == 2:
        return jcs({"v": 2, "sequence": e["sequence"], "previousHash": e["previousHash"], "at": e["at"],
                    "actor": e["actor"], "type": e["type"], "patch": e.get("patch"), "commit": e.get("commit"),
                    "workflowHash": e.get("workflowHash"), "data": e["dataText"]}).encode("utf-8")
    if fmt == 1:
        def s(v):
            return "null" if v is None else legacy_string(v)
        patch = "null" if e.get("patch") is None else str(e["patch"])
        return ("[" + ",".join([s(e["previousHash"]), str(e["sequence"]), str(ticks(e["at"])), s(e["actor"]),
                                s(e["type"]), patch, s(e.get("commit")), s(e.get("workflowHash")),
                                s(e["dataText"])]) + "]").encode("ascii")
    raise Bad(f"event {e['sequence']} has unknown format {fmt}")


def event_hash(e):
    return hashlib.sha256(canonical(e)).hexdigest()


def verify_chain(events):
    previous, hashes_at = GENESIS, {}
    for n, e in enumerate(events, start=1):
        if e["sequence"] != n:
            raise Bad(f"event {n} is missing: the next event is {e['sequence']}")
        if e["previousHash"] != previous:
            raise Bad(f"event {n} does not follow event {n - 1}")
        if event_hash(e) != e["hash"]:
            raise Bad(f"event {n} was altered: its content does not match its hash")
        previous = hashes_at[n] = e["hash"]
    return previous, hashes_at


def load_keys(keys):
    loaded = {}
    for k in keys:
        if "person" in k:
            continue  # a person's key (keys get --out adds them) never signs for the server
        key = serialization.load_pem_public_key(k["publicKeyPem"].encode())
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
            raise Bad(f"key {k['keyId']} is not an ECDSA P-256 key")
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        if hashlib.sha256(der).hexdigest() != k["keyId"]:
            raise Bad(f"key {k['keyId']}: its id is not the SHA-256 of its SubjectPublicKeyInfo")
        loaded[k["keyId"]] = key
    return loaded


def ecdsa_ok(key, signature, data):
    try:
        key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def checkpoint_text(cp):
    return f"assessment-checkpoint-v2\n{cp['sequence']}\n{cp['hash']}\n{cp['at']}".encode("utf-8")


def verify_checkpoint(cp, keys):
    key = keys.get(cp["keyId"])
    if key is None:
        raise Bad(f"checkpoint {cp['sequence']} is signed by key {cp['keyId']}, which is not in the keys")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", cp["at"]):
        raise Bad(f"checkpoint time {cp['at']} is not RFC 3339 UTC to the second")
    if not ecdsa_ok(key, base64.b64decode(cp["signature"]), checkpoint_text(cp)):
        raise Bad(f"checkpoint {cp['sequence']}: the signature does not verify")


def pae(payload_type, body):
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def open_envelope(env, keys):
    if env["payloadType"] != IN_TOTO:
        raise Bad(f"payloadType is {env['payloadType']}, expected {IN_TOTO}")
    body = base64.b64decode(env["payload"])
    for s in env["signatures"]:
        key = keys.get(s["keyid"])
        if key is not None and ecdsa_ok(key, base64.b64decode(s["sig"]), pae(env["payloadType"], body)):
            statement = json.loads(body)
            if statement.get("_type") != STATEMENT:
                raise Bad(f"statement type is {statement.get('_type')}")
            return statement, s["keyid"]
    raise Bad("no signature of the envelope verifies with the keys")


def cmd_log(events_file, keys_file, checkpoint_file=None):
    events = json.load(open(events_file, encoding="utf-8"))
    head, hashes_at = verify_chain(events)
    message = f"ok: {len(events)} events, head {head}"
    if checkpoint_file:
        cp = json.load(open(checkpoint_file, encoding="utf-8"))
        cp = cp.get("checkpoint", cp)
        verify_checkpoint(cp, load_keys(json.load(open(keys_file, encoding="utf-8"))))
        if cp["sequence"] > len(events) or (cp["sequence"] > 0 and hashes_at[cp["sequence"]] != cp["hash"]):
            raise Bad(f"the log does not extend checkpoint {cp['sequence']}")
        message += f"; extends checkpoint {cp['sequence']}"
    return message


def people_keys(events):
    """Who held which key when, from the log's user.key-registered and user.key-revoked events."""
    held = []
    for e in events:
        if e["type"] not in ("user.key-registered", "user.key-revoked"):
            continue
        data = json.loads(e["dataText"])
        if e["type"] == "user.key-revoked":
            for k in held:
                if k["keyId"] == data["keyId"] and k["revokedAt"] is None:
                    k["revokedAt"] = ticks(e["at"])
                    k["revokedBy"] = e["sequence"]
            continue
        key = serialization.load_pem_public_key(data["publicKeyPem"].encode())
        if not isinstance(key, ed25519.Ed25519PublicKey) and not (
                isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"):
            raise Bad(f"event {e['sequence']} registers a key that is neither Ed25519 nor ECDSA P-256")
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        if hashlib.sha256(der).hexdigest() != data["keyId"]:
            raise Bad(f"event {e['sequence']}: the key's id is not the SHA-256 of its SubjectPublicKeyInfo")
        held.append({"person": data["user"], "keyId": data["keyId"], "key": key,
                     "registeredAt": ticks(e["at"]), "revokedAt": None, "from": e["sequence"], "revokedBy": None})
    return held


def in_force(held, person, at, sequence=None):
    """The keys in force for the record made by event `sequence`: registered by an earlier event and
    not revoked by one before it (the log's order; times carry only milliseconds). A hand-over
    that gives no event for a record is judged by time."""
    if sequence is not None:
        return [k for k in held if k["person"] == person and k["from"] < sequence
                and (k["revokedBy"] is None or k["revokedBy"] > sequence)]
    t = ticks(at)
    return [k for k in held if k["person"] == person and k["registeredAt"] <= t
            and (k["revokedAt"] is None or k["revokedAt"] > t)]


def personal_ok(key, signature, data):
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
        else:
            key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def md_table(markdown, heading):
    """The first table under the `## heading`: a list of rows, each a list of trimmed cells."""
    lines = markdown.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "## " + heading)
    except StopIteration:
        return []
    rows = []
    for line in lines[start + 1:]:
        text = line.strip()
        if text.startswith("## "):
            break
        if text.startswith("|"):
            rows.append([c.strip() for c in text.strip("|").split("|")])
        elif rows:
            break
    return [r for r in rows[1:] if not all(set(c) <= set("-: ") for c in r)]


def signature_rules(events, content_hash):
    """The Requests (request -> action) and Signatures (action -> when) tables of that document version."""
    for e in events:
        if e["type"] != "workflow.loaded" or e.get("workflowHash") != content_hash:
            continue
        markdown = json.loads(e["dataText"]).get("markdown")
        if markdown is None:
            continue
        markdown = markdown.lstrip("\ufeff")
        raw = markdown.encode("utf-8")
        if content_hash not in (hashlib.sha256(raw).hexdigest(), hashlib.sha256(b"\xef\xbb\xbf" + raw).hexdigest()):
            raise Bad(f"event {e['sequence']} loads a document whose text is not its hash {content_hash}")
        actions = {}
        for row in md_table(markdown, "Requests"):
            actions.setdefault(row[0], row[1])
        return actions, {row[0]: row[1] for row in md_table(markdown, "Signatures")}
    raise Bad(f"the log holds no workflow.loaded event of the hand-over's document {content_hash}")


def check_personal(p, events):
    """Every record's personal signature, against the keys its person held at the record's time."""
    held = people_keys(events)
    actions, rules = signature_rules(events, p["workflow"]["contentHash"])
    records = [(f"the review by {r['by']}", r, "review", r["verdict"], f"review {r['verdict']}") for r in p["reviewers"]]
    records += [(f"the test by {t['by']}", t, "test", t["result"], f"test {t['result']}") for t in p["testers"]]
    records += [(f"the deployment to {d['environment']} by {d['by']}", d, "deploy", d["environment"], "deploy test")
                for d in p["testDeployments"]]
    records.append((f"the blessing by {p['blessedBy']}",
                    {"by": p["blessedBy"], "commit": p["commit"], "at": p["blessedAt"], "signature": p.get("blessingSignature"),
                     "event": p["log"]["sequence"]},
                    "bless", None, "bless"))
    signed = 0
    for what, r, action, verdict, request in records:
        sequence = r.get("event")
        if sequence is not None:
            # The event the hand-over names must be this record's: its maker, its commit.
            e = events[sequence - 1] if 0 < sequence <= len(events) else None
            if e is None or e["actor"] != r["by"] or e.get("commit") != r["commit"]:
                raise Bad(f"{what}: event {sequence} of the log is not its event")
        keys = in_force(held, r["by"], r["at"], sequence)
        envelope = (r.get("signature") or {}).get("envelope")
        if envelope is None:
            rule = rules.get(actions.get(request, ""))
            if rule == "always" or (rule == "if-key" and keys):
                raise Bad(f"{what} carries no personal signature, which the document required ({rule})")
            continue
        if envelope["payloadType"] != IN_TOTO:
            raise Bad(f"{what}: payloadType is {envelope['payloadType']}")
        body = base64.b64decode(envelope["payload"])
        ids = {k["keyId"]: k["key"] for k in keys}
        if not any(s["keyid"] in ids and personal_ok(ids[s["keyid"]], base64.b64decode(s["sig"]), pae(IN_TOTO, body))
                   for s in envelope["signatures"]):
            raise Bad(f"{what}: no key of {r['by']}'s in force at {r['at']} signed it")
        statement = json.loads(body)
        q = statement["predicate"]
        if statement.get("_type") != STATEMENT or statement.get("predicateType") != ACTION_TYPE:
            raise Bad(f"{what}: not an action statement")
        if statement["subject"][0]["digest"].get("gitCommit") != r["commit"] or statement["subject"][0]["name"] != p["repository"]:
            raise Bad(f"{what}: it signs another commit")
        if (q.get("patch") is not None and q["patch"] != p["patchId"]) or q["by"] != r["by"] \
                or q["action"] != action or q.get("verdict") != verdict:
            raise Bad(f"{what}: it signs patch {q.get('patch')} '{q['action']} {q.get('verdict')}' by {q['by']}")
        signed += 1
    return signed


def cmd_handover(handover_file, keys_file, events_file):
    keys = load_keys(json.load(open(keys_file, encoding="utf-8")))
    events = json.load(open(events_file, encoding="utf-8"))
    verify_chain(events)
    statement, keyid = open_envelope(json.load(open(handover_file, encoding="utf-8")), keys)
    if statement["predicateType"] not in HANDOVER_TYPES:
        raise Bad(f"predicateType is {statement['predicateType']}")
    p = statement["predicate"]
    subject = statement["subject"]
    if len(subject) != 1 or subject[0]["digest"].get("gitCommit") != p["commit"] or subject[0]["name"] != p["repository"]:
        raise Bad("the subject is not the predicate's repository and commit")
    verify_checkpoint(p["checkpoint"], keys)
    if p["log"]["sequence"] > p["checkpoint"]["sequence"]:
        raise Bad("the blessing is after the checkpoint")
    if p["log"]["sequence"] > len(events) or events[p["log"]["sequence"] - 1]["hash"] != p["log"]["hash"]:
        raise Bad(f"event {p['log']['sequence']} of the log is not the blessing the hand-over names")
    signed = check_personal(p, events)
    return (f"ok: hand-over of patch {p['patchId']} ({p['repository']} {p['commit']}) signed by key {keyid}, "
            f"{signed} personal signature(s) verified")


def git(repository, *args):
    return subprocess.run(["git", "-C", repository, *args], check=True, capture_output=True).stdout.decode("utf-8")


def witnessed(repository):
    """Every checkpoint in the witness repository: (where, checkpoint) from each commit's message and each branch tip's files."""
    found = []
    tips = git(repository, "for-each-ref", "--format=%(objectname)", "refs/heads").split()
    for commit in git(repository, "rev-list", *tips).split() if tips else []:
        message = git(repository, "cat-file", "commit", commit).split("\n\n", 1)[1]
        if message.startswith("checkpoint ") and "\n\n" in message:
            found.append((f"commit {commit[:12]}", json.loads(message.split("\n\n", 1)[1])))
    for tip in tips:
        for path in git(repository, "ls-tree", "-r", "--name-only", tip, "checkpoints/").split("\n"):
            if path:
                found.append((f"{path} at {tip[:12]}", json.loads(git(repository, "show", f"{tip}:{path}"))))
    return found


def cmd_witness(repository, events_file, keys_file):
    keys = load_keys(json.load(open(keys_file, encoding="utf-8")))
    head, hashes_at = verify_chain(json.load(open(events_file, encoding="utf-8")))
    found = witnessed(repository)
    if not found:
        raise Bad(f"{repository} holds no checkpoint")
    by_sequence = {}
    for where, cp in found:
        verify_checkpoint(cp, keys)
        other = by_sequence.setdefault(cp["sequence"], (where, cp))
        if other[1]["hash"] != cp["hash"]:
            raise Bad(f"checkpoints disagree at sequence {cp['sequence']}: {other[0]} and {where}")
    for sequence, (where, cp) in sorted(by_sequence.items()):
        if sequence > len(hashes_at) or (sequence > 0 and hashes_at[sequence] != cp["hash"]):
            raise Bad(f"the log no longer extends checkpoint {sequence} ({where})")
    return f"ok: {len(hashes_at)} events, head {head}; extends all {len(by_sequence)} witnessed checkpoint(s)"


def cmd_vsa(vsa_file, keys_file):
    keys = load_keys(json.load(open(keys_file, encoding="utf-8")))
    statement, keyid = open_envelope(json.load(open(vsa_file, encoding="utf-8")), keys)
    if statement["predicateType"] != VSA_TYPE:
        raise Bad(f"predicateType is {statement['predicateType']}")
    p = statement["predicate"]
    for field in ("verifier", "timeVerified", "resourceUri", "policy", "verificationResult", "verifiedLevels"):
        if field not in p:
            raise Bad(f"the VSA has no {field}")
    if p["verificationResult"] not in ("PASSED", "FAILED") or "id" not in p["verifier"]:
        raise Bad("the VSA's verificationResult or verifier.id is malformed")
    commit = statement["subject"][0]["digest"].get("gitCommit")
    return f"ok: VSA {p['verificationResult']} for {p['resourceUri']} {commit} ({', '.join(p['verifiedLevels'])}) signed by key {keyid}"


def cmd_vectors(doc_file):
    text = open(doc_file, encoding="utf-8").read()
    block = re.search(r"<!-- test-vectors -->\s*```json\n(.*?)\n```", text, re.S)
    if not block:
        raise Bad("the document has no test-vectors block")
    v = json.loads(block.group(1))
    for e in v["events"]:
        if canonical(e["event"]).decode("utf-8") != e["canonical"]:
            raise Bad(f"event vector {e['event']['sequence']}: canonical form differs")
        if event_hash(e["event"]) != e["hash"]:
            raise Bad(f"event vector {e['event']['sequence']}: hash differs")
    keys = load_keys(v["keys"])
    cp = v["checkpoint"]
    if checkpoint_text(cp["checkpoint"]).decode("utf-8") != cp["signedText"]:
        raise Bad("checkpoint vector: signed text differs")
    verify_checkpoint(cp["checkpoint"], keys)
    d = v["dsse"]
    if pae(d["payloadType"], d["payload"].encode("utf-8")).decode("utf-8") != d["pae"]:
        raise Bad("DSSE vector: PAE differs")
    return f"ok: {len(v['events'])} event vectors, the checkpoint vector and the DSSE vector"


def main(argv):
    commands = {"log": cmd_log, "handover": cmd_handover, "vsa": cmd_vsa, "vectors": cmd_vectors, "witness": cmd_witness}
    if len(argv) < 2 or argv[1] not in commands:
        print(__doc__)
        return 2
    try:
        print(commands[argv[1]](*argv[2:]))
        return 0
    except (Bad, KeyError, ValueError, TypeError, IndexError, subprocess.CalledProcessError) as e:
        print(f"not ok: {e}")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

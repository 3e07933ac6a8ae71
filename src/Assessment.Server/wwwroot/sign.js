// Signs an action in the browser (docs/evidence-format.md#action). When the form is sent, this
// asks the server for the exact in-toto statement of the action (its statement endpoint, with the
// form's choice: timed now, however long the page was open), signs its DSSE PAE with the private
// key file the person picks (PKCS#8 PEM or an unencrypted OpenSSH key, Ed25519 or ECDSA P-256,
// read with WebCrypto; it is never sent) and posts the envelope in the field "signature".
// Without this script, or without a key file, the form posts unsigned and the server decides as
// it does for the API.
"use strict";
(() => {
  const PAYLOAD_TYPE = "application/vnd.in-toto+json";
  const text = new TextEncoder();
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const fromBase64 = s => Uint8Array.from(atob(s.replace(/\s+/g, "")), c => c.charCodeAt(0));
  const toBase64 = bytes => btoa(String.fromCharCode(...bytes));
  const toBase64Url = bytes => toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const fromBase64Url = s => fromBase64(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  const hex = bytes => [...bytes].map(b => b.toString(16).padStart(2, "0")).join("");

  // "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in bytes.
  const pae = body => concat(text.encode(`DSSEv1 ${text.encode(PAYLOAD_TYPE).length} ${PAYLOAD_TYPE} ${body.length} `), body);

  // An Ed25519 key in PKCS#8 version 2 (with its public key, as BouncyCastle writes it) is
  // rewritten as version 1 (the seed alone, as OpenSSL writes it), the only form Chromium reads.
  const ED25519_V1 = fromBase64("MC4CAQAwBQYDK2VwBCIEIA==");
  const ED25519_SEED = [0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
  const pkcs8 = bytes => {
    for (let i = 0; i < 16 && i + ED25519_SEED.length + 32 <= bytes.length; i++) {
      if (ED25519_SEED.every((b, j) => bytes[i + j] === b)) {
        const at = i + ED25519_SEED.length;
        return concat(ED25519_V1, bytes.slice(at, at + 32));
      }
    }
    return bytes;
  };

  // An unencrypted OpenSSH private key (openssh-key-v1, as ssh-keygen writes it), read string by
  // string: the Ed25519 seed becomes PKCS#8, the ECDSA P-256 key a JWK.
  const openSsh = bytes => {
    let at = 0;
    const u32 = () => {
      if (at + 4 > bytes.length) throw new Error("the OpenSSH key is cut short");
      at += 4;
      return ((bytes[at - 4] << 24) | (bytes[at - 3] << 16) | (bytes[at - 2] << 8) | bytes[at - 1]) >>> 0;
    };
    const string = () => {
      const n = u32();
      if (at + n > bytes.length) throw new Error("the OpenSSH key is cut short");
      at += n;
      return bytes.slice(at - n, at);
    };
    const word = () => new TextDecoder().decode(string());
    const magic = text.encode("openssh-key-v1\0");
    if (!magic.every((b, i) => bytes[i] === b)) throw new Error("the OpenSSH key does not begin with openssh-key-v1");
    at = magic.length;
    const cipher = word();
    if (cipher !== "none") {
      throw new Error(`the OpenSSH key is encrypted (${cipher}) and a page cannot ask for its passphrase: sign with assess, or pick a copy without one (ssh-keygen -p -N "" -f COPY)`);
    }
    word(); string(); // the key derivation's name and options: none
    if (u32() !== 1) throw new Error("the OpenSSH file holds more than one key");
    string(); // the public key
    bytes = string(); // the private part
    at = 0;
    if (u32() !== u32()) throw new Error("the OpenSSH key's check numbers differ");
    const type = word();
    if (type === "ssh-ed25519") {
      string(); // the public key
      const secret = string(); // seed || public key
      return { format: "pkcs8", key: concat(ED25519_V1, secret.slice(0, 32)), algorithms: [{ name: "Ed25519" }] };
    }
    if (type === "ecdsa-sha2-nistp256") {
      if (word() !== "nistp256") throw new Error("the OpenSSH ECDSA key is not on the curve nistp256");
      const point = string(); // 04 || x || y
      let d = string(); // an mpint: big-endian, with a leading zero where the top bit is set
      while (d.length > 32 && d[0] === 0) d = d.slice(1);
      d = concat(new Uint8Array(32 - d.length), d);
      const jwk = { kty: "EC", crv: "P-256", x: toBase64Url(point.slice(1, 33)), y: toBase64Url(point.slice(33, 65)), d: toBase64Url(d), ext: true };
      return { format: "jwk", key: jwk, algorithms: [{ name: "ECDSA", namedCurve: "P-256" }] };
    }
    throw new Error(`the OpenSSH key is ${type}; an Ed25519 or ECDSA P-256 key is needed`);
  };

  const privateKey = file => {
    const pem = /-----BEGIN (PRIVATE KEY|OPENSSH PRIVATE KEY)-----([\s\S]+?)-----END \1-----/.exec(file);
    if (!pem) {
      throw new Error("the file is neither a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----) nor an OpenSSH one (-----BEGIN OPENSSH PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY");
    }
    return pem[1] === "PRIVATE KEY"
      ? { format: "pkcs8", key: pkcs8(fromBase64(pem[2])), algorithms: [{ name: "Ed25519" }, { name: "ECDSA", namedCurve: "P-256" }] }
      : openSsh(fromBase64(pem[2]));
  };

  // The key's id is the SHA-256 of its SubjectPublicKeyInfo, rebuilt from the public half.
  const ED25519_SPKI = fromBase64("MCowBQYDK2VwAyEA");
  const P256_SPKI = fromBase64("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
  const keyId = async jwk => {
    const spki = jwk.kty === "OKP"
      ? concat(ED25519_SPKI, fromBase64Url(jwk.x))
      : concat(P256_SPKI, fromBase64Url(jwk.x), fromBase64Url(jwk.y));
    return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", spki)));
  };

  // WebCrypto gives ECDSA signatures as r || s; the format asks for DER.
  const der = raw => {
    const integer = b => {
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      b = b.slice(i);
      if (b[0] & 0x80) b = concat(new Uint8Array([0]), b);
      return concat(new Uint8Array([0x02, b.length]), b);
    };
    const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
    return concat(new Uint8Array([0x30, body.length]), body);
  };

  const signer = async file => {
    const { format, key: material, algorithms } = privateKey(file);
    let last = "";
    for (const algorithm of algorithms) {
      let key;
      try {
        key = await crypto.subtle.importKey(format, material, algorithm, true, ["sign"]);
      } catch (e) {
        last = e.message;
        continue;
      }
      const id = await keyId(await crypto.subtle.exportKey("jwk", key));
      return algorithm.name === "Ed25519"
        ? { id, sign: async data => new Uint8Array(await crypto.subtle.sign("Ed25519", key, data)) }
        : { id, sign: async data => der(new Uint8Array(await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key, data))) };
    }
    throw new Error(`this browser cannot read the key: it is neither Ed25519 nor ECDSA P-256 (Ed25519 needs Chromium 137 or later): ${last}`);
  };

  // The statement of the action as the form now stands, from the server (same origin, the
  // person's session): the fields the box names are added to its address.
  const statement = async (box, form) => {
    const url = new URL(box.dataset.statementUrl, location.href);
    for (const name of (box.dataset.statementFields ?? "").split(" ").filter(n => n)) {
      const value = form.elements[name]?.value ?? "";
      if (!value) throw new Error(`choose the ${name} first`);
      url.searchParams.set(name, value);
    }
    const answer = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error(`the server gave no statement to sign (${answer.status}): ${body.detail ?? answer.statusText}`);
    if (body.payloadType !== PAYLOAD_TYPE) throw new Error(`the server's statement has the payloadType ${body.payloadType}`);
    return body.payload;
  };

  for (const box of document.querySelectorAll("[data-sign]")) {
    const form = box.closest("form");
    const file = box.querySelector("[data-sign-key]");
    const envelope = box.querySelector("[data-sign-envelope]");
    const problem = box.querySelector("[data-sign-problem]");
    box.hidden = false;
    file.addEventListener("change", () => { envelope.value = ""; });
    form.addEventListener("submit", async event => {
      // Unsigned, signed a moment ago, or a button that only checks the form.
      if (!file.files.length || envelope.value || event.submitter?.hasAttribute("data-no-sign")) return;
      event.preventDefault();
      problem.hidden = true;
      try {
        const payload = await statement(box, form);
        const key = await signer(await file.files[0].text());
        const sig = await key.sign(pae(fromBase64(payload)));
        envelope.value = JSON.stringify({ payloadType: PAYLOAD_TYPE, payload, signatures: [{ keyid: key.id, sig: toBase64(sig) }] });
        form.requestSubmit(event.submitter);
      } catch (e) {
        problem.textContent = `Not signed: ${e.message}`;
        problem.hidden = false;
      }
    });
  }
})();

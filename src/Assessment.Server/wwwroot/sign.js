// Signs an action in the browser (docs/evidence-format.md#action): the server put the exact
// in-toto statement for each choice into the form; this signs the chosen one's DSSE PAE with the
// private key file the person picks (PKCS#8 PEM, Ed25519 or ECDSA P-256, read with WebCrypto;
// it is never sent) and posts the envelope in the field "signature". Without this script, or
// without a key file, the form posts unsigned and the server decides as it does for the API.
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
  const fromBase64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));
  const toBase64 = bytes => btoa(String.fromCharCode(...bytes));
  const hex = bytes => [...bytes].map(b => b.toString(16).padStart(2, "0")).join("");
  const fromBase64Url = s => fromBase64(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));

  // "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in bytes.
  const pae = body => concat(text.encode(`DSSEv1 ${text.encode(PAYLOAD_TYPE).length} ${PAYLOAD_TYPE} ${body.length} `), body);

  // An Ed25519 key in PKCS#8 version 2 (with its public key, as BouncyCastle writes it) is
  // rewritten as version 1 (the seed alone, as OpenSSL writes it), the only form Chromium reads.
  const ED25519_V1 = fromBase64("MC4CAQAwBQYDK2VwBCIEIA==");
  const ED25519_SEED = [0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
  const pkcs8 = pem => {
    const m = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
    if (!m) throw new Error("the file is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY");
    const bytes = fromBase64(m[1].replace(/\s+/g, ""));
    for (let i = 0; i < 16 && i + ED25519_SEED.length + 32 <= bytes.length; i++) {
      if (ED25519_SEED.every((b, j) => bytes[i + j] === b)) {
        const at = i + ED25519_SEED.length;
        return concat(ED25519_V1, bytes.slice(at, at + 32));
      }
    }
    return bytes;
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

  const signer = async pem => {
    const bytes = pkcs8(pem);
    let last = "";
    for (const algorithm of [{ name: "Ed25519" }, { name: "ECDSA", namedCurve: "P-256" }]) {
      let key;
      try {
        key = await crypto.subtle.importKey("pkcs8", bytes, algorithm, true, ["sign"]);
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

  for (const box of document.querySelectorAll("[data-sign]")) {
    const form = box.closest("form");
    const file = box.querySelector("[data-sign-key]");
    const envelope = box.querySelector("[data-sign-envelope]");
    const problem = box.querySelector("[data-sign-problem]");
    box.hidden = false;
    file.addEventListener("change", () => { envelope.value = ""; });
    form.addEventListener("submit", async event => {
      if (!file.files.length || envelope.value) return; // unsigned, or signed a moment ago
      event.preventDefault();
      problem.hidden = true;
      try {
        const field = box.dataset.choiceField;
        const choice = field ? (form.elements[field]?.value ?? "") : "";
        const statement = [...box.querySelectorAll("[data-statement]")].find(s => s.dataset.choice === choice);
        if (!statement) throw new Error(field ? `choose the ${field} first` : "this form has no statement to sign");
        const key = await signer(await file.files[0].text());
        const sig = await key.sign(pae(fromBase64(statement.value)));
        envelope.value = JSON.stringify({ payloadType: PAYLOAD_TYPE, payload: statement.value, signatures: [{ keyid: key.id, sig: toBase64(sig) }] });
        form.requestSubmit(event.submitter);
      } catch (e) {
        problem.textContent = `Not signed: ${e.message}`;
        problem.hidden = false;
      }
    });
  }
})();

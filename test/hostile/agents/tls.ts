/** TLS material for wss:// agents (see ../fixtures/README.md for how it was made). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The private CA a config trusts with `tls.caFile`. */
export const CA_FILE = fixture('ca.pem');

/** A certificate for 127.0.0.1 signed by {@link CA_FILE}. */
export const trustedCert = () => ({ key: readFileSync(fixture('server-key.pem')), cert: readFileSync(fixture('server.pem')) });

/** A self-signed certificate for 127.0.0.1 that no CA vouches for. */
export const selfSignedCert = () => ({ key: readFileSync(fixture('self-signed-key.pem')), cert: readFileSync(fixture('self-signed.pem')) });

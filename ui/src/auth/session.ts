/** The signed-in token and the domain an admin acts in, kept in localStorage. */
export interface Session {
  token: string | null;
  /** For the admin token: the domain to act in (x-domain); null = all domains (admin lists) / the admin domain. */
  domain: string | null;
}

const TOKEN_KEY = 'hydra.token';
const DOMAIN_KEY = 'hydra.domain';
type Listener = () => void;
const listeners = new Set<Listener>();

function read(): Session {
  return { token: localStorage.getItem(TOKEN_KEY), domain: localStorage.getItem(DOMAIN_KEY) };
}

let current: Session = read();
let lastReason: string | null = null;

export const session = {
  get: (): Session => current,
  signIn(token: string, domain: string | null = null): void {
    localStorage.setItem(TOKEN_KEY, token);
    if (domain) localStorage.setItem(DOMAIN_KEY, domain);
    else localStorage.removeItem(DOMAIN_KEY);
    current = read();
    listeners.forEach((l) => l());
  },
  setDomain(domain: string | null): void {
    if (domain) localStorage.setItem(DOMAIN_KEY, domain);
    else localStorage.removeItem(DOMAIN_KEY);
    current = read();
    listeners.forEach((l) => l());
  },
  /** Why the user was last signed out by the app (a 401), shown on the sign-in page. */
  reason: (): string | null => lastReason,
  signOut(reason: string | null = null): void {
    lastReason = reason;
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(DOMAIN_KEY);
    current = read();
    listeners.forEach((l) => l());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

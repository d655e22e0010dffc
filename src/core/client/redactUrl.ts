// Base URLs may carry a user name and password (`https://user:pass@proxy`): never print them.

/** The URL with any userinfo replaced by `***`; text that is not a URL is returned unchanged. */
export function redactUrl(url: string): string {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '***';
    u.password = '';
    return u.toString();
  } catch {
    // Not parseable: still hide anything that looks like `scheme://userinfo@`.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
  }
}

/** Why a base URL with userinfo cannot be used as it is, or undefined when it has none. */
export function userinfoProblem(url: string, settingName: string): string | undefined {
  let u: URL;
  try { u = new URL(url); } catch { return undefined; }
  if (!u.username && !u.password) return undefined;
  return `${settingName} (${redactUrl(url)}) contains a user name or password. HTTP clients cannot send credentials ` +
    'in a URL: remove them and put the key in the API key (or configure the proxy to take an Authorization header).';
}

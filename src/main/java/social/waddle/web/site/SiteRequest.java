package social.waddle.web.site;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** One request to a public page: the person signed in (if any), this browser, and the plugin's services. */
public final class SiteRequest {

    private final HttpServletRequest http;
    private final HttpServletResponse response;
    private final SiteServices services;
    private final Optional<Person> person;
    private final Optional<String> sessionToken;
    private String browserId;

    SiteRequest(HttpServletRequest http, HttpServletResponse response, SiteServices services, Optional<Person> person,
                Optional<String> sessionToken, String browserId) {
        this.http = http;
        this.response = response;
        this.services = services;
        this.person = person;
        this.sessionToken = sessionToken;
        this.browserId = browserId;
    }

    public HttpServletRequest http() {
        return http;
    }

    public SiteServices services() {
        return services;
    }

    /** The signed-in person; pages that require sign-in (the default) always have one. */
    public Person person() {
        return person.orElseThrow(() -> new IllegalStateException("Nobody is signed in on this page"));
    }

    public Optional<Person> optionalPerson() {
        return person;
    }

    /** The client's address as the web server saw it (Openfire's forwarded-header settings apply behind a proxy). */
    public String address() {
        String address = http.getRemoteAddr();
        return address == null ? "unknown" : address;
    }

    /** The parameter, trimmed; empty when absent. */
    public String parameter(String name) {
        String value = http.getParameter(name);
        return value == null ? "" : value.trim();
    }

    /** The path after the servlet's mapping, e.g. {@code /abc} for {@code /invite/abc}; empty when none. */
    public String pathInfo() {
        String info = http.getPathInfo();
        return info == null ? "" : info;
    }

    public String t(String key, Object... arguments) {
        return services.messages().text(key, arguments);
    }

    /** The browser id this response's forms are bound to (set in this response when the browser had none). */
    String browserIdForForms() {
        return browserId;
    }

    /** A value only this browser can present: binds an OAuth sign-in to the browser that started it. */
    String browserBinding() {
        return SiteCookies.mac(services, "oauth", browserId);
    }

    /**
     * Starts a web session for {@code signedIn}: sets the session cookie, ending the one this browser had, and gives the
     * browser a fresh id (so CSRF tokens known before the sign-in, e.g. to someone who planted the id, stop working).
     */
    void signIn(Person signedIn) {
        sessionToken.ifPresent(services.sessions()::end);
        browserId = SiteCookies.randomToken();
        SiteCookies.write(response, services, SiteCookies.BROWSER, browserId, Optional.empty());
        WebSessions.Started started = services.sessions().start(signedIn, address());
        SiteCookies.write(response, services, SiteCookies.SESSION, started.token(),
                Optional.of(java.time.Duration.between(java.time.Instant.now(), started.expiresAt())));
    }

    /** Ends this browser's web session and deletes its cookie. */
    void signOut() {
        sessionToken.ifPresent(services.sessions()::end);
        SiteCookies.delete(response, services, SiteCookies.SESSION);
    }

    /** Remembers where to go after signing in (validated again when used). */
    void rememberReturn(String relativePath) {
        SiteCookies.write(response, services, SiteCookies.RETURN, java.net.URLEncoder.encode(relativePath,
                java.nio.charset.StandardCharsets.UTF_8), Optional.of(java.time.Duration.ofMinutes(15)));
    }

    /** The remembered return path (relative to the base URL), removed; {@code /} when none or not safe. */
    String takeReturn() {
        Optional<String> raw = SiteCookies.read(http, SiteCookies.RETURN);
        if (raw.isEmpty()) {
            return "/";
        }
        SiteCookies.delete(response, services, SiteCookies.RETURN);
        String decoded = java.net.URLDecoder.decode(raw.get(), java.nio.charset.StandardCharsets.UTF_8);
        return ReturnPaths.relative(services.basePath() + decoded, services.basePath()).orElse("/");
    }
}

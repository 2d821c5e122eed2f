package social.waddle.web;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/** One request to a page, with the admin who made it and the plugin's services. */
public final class PageRequest {

    private final HttpServletRequest http;
    private final ConsoleServices services;
    private final String admin;

    PageRequest(HttpServletRequest http, ConsoleServices services, String admin) {
        this.http = http;
        this.services = services;
        this.admin = admin;
    }

    public HttpServletRequest http() {
        return http;
    }

    public ConsoleServices services() {
        return services;
    }

    public String admin() {
        return admin;
    }

    /** The parameter, trimmed; empty when absent. */
    public String parameter(String name) {
        String value = http.getParameter(name);
        return value == null ? "" : value.trim();
    }

    public Optional<String> optionalParameter(String name) {
        String value = parameter(name);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String t(String key, Object... arguments) {
        return services.messages().text(key, arguments);
    }

    /** Writes an admin action to the audit logs. */
    public void audit(String summary, String details) {
        services.audit().record(admin, summary, details);
    }

    /** Keeps a page's result (a diagnosis, say) for the GET after the redirect, in this admin's session. */
    public void keep(String name, Object value) {
        http.getSession(true).setAttribute(sessionKey(name), value);
    }

    public <T> Optional<T> kept(String name, Class<T> type) {
        HttpSession session = http.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object value = session.getAttribute(sessionKey(name));
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    private static String sessionKey(String name) {
        return "social.waddle.web." + name;
    }
}

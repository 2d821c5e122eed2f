package social.waddle.web;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

/** Who is logged in to the admin console, as the console itself knows it. */
@FunctionalInterface
public interface ConsoleUsers {

    Optional<String> current(HttpServletRequest request);
}

package social.waddle.web;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.Servlet;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * An embedded servlet container standing in for Openfire's admin console: the pages of web.xml under
 * {@code /plugins/waddle/}, a login that stores the admin in the session, and a decorator imitating the console's
 * SiteMesh one (header, tabs, the sidebar of plugin.xml, the title as heading, our own small copy of the console's
 * look at {@code /style/global.css}). Like Openfire's console, it runs each request with a context class loader that
 * sees none of our classes (the admin webapp's, there); {@link ContextClassLoaderTest} has our classes in a loader of
 * their own as well.
 *
 * <p>Jetty 9.2 (javax.servlet 3.1), the generation Openfire 4.2.0 brings onto the test class path: Openfire 5.1.1 runs
 * plugins in Jetty 12's ee8 environment, also javax.servlet, which the pages use nothing newer than 3.1 of. Adding
 * Jetty 12 here would replace 4.2.0's Jetty 9 jars (same group and artifact ids) in the Openfire the integration
 * tests start from the same dependency list.
 */
final class ConsoleTestServer {

    static final String ADMIN_ATTRIBUTE = "test.console.admin";
    static final String PLUGIN_PATH = "/plugins/waddle";

    private final Server server;
    private final URI base;

    private ConsoleTestServer(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    static ConsoleTestServer start() throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new ForeignContextLoader()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new Decorator(ConsoleDeclarations.sidebarItems(),
                BundleMessages.of(ConsoleFixture.bundle()))), PLUGIN_PATH + "/*", EnumSet.of(DispatcherType.REQUEST));
        for (Map.Entry<String, String> servlet : ConsoleDeclarations.servlets().entrySet()) {
            Servlet page = (Servlet) Class.forName(servlet.getValue()).getDeclaredConstructor().newInstance();
            context.addServlet(new ServletHolder(page), PLUGIN_PATH + servlet.getKey());
        }
        context.addServlet(new ServletHolder(new LoginServlet()), "/login");
        context.addServlet(new ServletHolder(new StyleServlet()), "/style/global.css");
        server.setHandler(context);
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new ConsoleTestServer(server, URI.create("http://127.0.0.1:" + port));
    }

    URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    URI page(String page) {
        return uri(PLUGIN_PATH + "/" + page);
    }

    void close() throws Exception {
        server.stop();
    }

    /** Runs the request with a context class loader that sees the JDK only. */
    private static final class ForeignContextLoader implements Filter {
        private static final ClassLoader ADMIN_WEBAPP = new URLClassLoader("admin-webapp", new URL[0],
                ClassLoader.getPlatformClassLoader());

        @Override
        public void init(FilterConfig config) {
        }

        @Override
        public void destroy() {
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, javax.servlet.ServletException {
            Thread thread = Thread.currentThread();
            ClassLoader jetty = thread.getContextClassLoader();
            thread.setContextClassLoader(ADMIN_WEBAPP);
            try {
                chain.doFilter(request, response);
            } finally {
                thread.setContextClassLoader(jetty);
            }
        }
    }

    /** {@code /login?user=NAME} logs NAME in, as the console's login page would. */
    private static final class LoginServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession(true).setAttribute(ADMIN_ATTRIBUTE, request.getParameter("user"));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("logged in");
        }
    }

    private static final class StyleServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/css;charset=UTF-8");
            try (InputStream css = ConsoleTestServer.class.getResourceAsStream("/console/global.css")) {
                response.getWriter().write(new String(css.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Frames an HTML page that has a {@code pageID} meta like the console's decorator does. */
    private static final class Decorator implements Filter {

        private static final Pattern PAGE_ID = Pattern.compile("<meta name=\"pageID\" content=\"([^\"]*)\">");
        private static final Pattern TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
        private static final Pattern HEAD = Pattern.compile("<head>(.*?)</head>", Pattern.DOTALL);
        private static final Pattern BODY = Pattern.compile("<body>(.*)</body>", Pattern.DOTALL);

        private final List<ConsoleDeclarations.SidebarItem> sidebar;
        private final Messages messages;

        Decorator(List<ConsoleDeclarations.SidebarItem> sidebar, Messages messages) {
            this.sidebar = sidebar;
            this.messages = messages;
        }

        @Override
        public void init(FilterConfig config) {
        }

        @Override
        public void destroy() {
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, javax.servlet.ServletException {
            HttpServletResponse http = (HttpServletResponse) response;
            CharArrayWriter buffer = new CharArrayWriter();
            HttpServletResponseWrapper capture = new HttpServletResponseWrapper(http) {
                private final PrintWriter writer = new PrintWriter(buffer);

                @Override
                public PrintWriter getWriter() {
                    return writer;
                }
            };
            chain.doFilter(request, capture);
            capture.getWriter().flush();
            String page = buffer.toString();
            String contentType = http.getContentType();
            Matcher pageId = PAGE_ID.matcher(page);
            if (contentType == null || !contentType.startsWith("text/html") || !pageId.find()) {
                http.getWriter().write(page);
                return;
            }
            http.getWriter().write(decorate(page, pageId.group(1), ((HttpServletRequest) request).getSession(true)
                    .getAttribute(ADMIN_ATTRIBUTE)));
        }

        private String decorate(String page, String pageId, Object admin) {
            String title = group(TITLE, page);
            String head = group(HEAD, page).replaceFirst("(?s)<title>.*?</title>", "");
            StringBuilder items = new StringBuilder();
            for (ConsoleDeclarations.SidebarItem item : sidebar) {
                items.append("<li").append(item.id().equals(pageId) ? " class=\"currentlink\"" : "").append(" id=\"sidebar-")
                        .append(item.id()).append("\"><a href=\"").append(PLUGIN_PATH).append('/').append(item.url())
                        .append("\">").append(messages.text(item.nameKey())).append("</a></li>");
            }
            return "<!DOCTYPE html>\n<html><head><title>Openfire Admin Console: " + title + "</title>"
                    + "<link rel=\"stylesheet\" type=\"text/css\" href=\"/style/global.css\">" + head + "</head>"
                    + "<body id=\"jive-body\"><div id=\"main\"><div id=\"jive-header\">"
                    + "<div id=\"jive-logo\"><span class=\"jive-logo-text\">Openfire</span></div>"
                    + "<div id=\"jive-userStatus\">Openfire (test console)<br>Logged in as <strong>" + admin + "</strong></div>"
                    + "<div id=\"jive-nav\"><ul><li><a href=\"#\">Server</a></li><li><a href=\"#\">Users/Groups</a></li>"
                    + "<li><a href=\"#\">Sessions</a></li><li><a href=\"#\">Group Chat</a></li><li><a href=\"#\">Plugins</a></li></ul></div>"
                    + "<div id=\"jive-subnav\"><ul><li><a href=\"#\">Server Manager</a></li><li class=\"current\"><a href=\"#\">"
                    + messages.text("admin.sidebar.name") + "</a></li></ul></div></div>"
                    + "<div id=\"jive-main\"><table cellpadding=\"0\" cellspacing=\"0\" border=\"0\" width=\"100%\"><tbody><tr valign=\"top\">"
                    + "<td width=\"1%\"><div id=\"jive-sidebar-container\"><div id=\"jive-sidebar-box\"><div id=\"jive-sidebar\"><ul>"
                    + "<li class=\"category\">" + messages.text("admin.sidebar.name") + "</li>" + items + "</ul></div></div></div></td>"
                    + "<td width=\"99%\" id=\"jive-content\"><h1>" + title + "</h1><div id=\"jive-main-content\">" + group(BODY, page)
                    + "</div></td></tr></tbody></table></div></div>"
                    + "<div id=\"jive-footer\"><div class=\"jive-footer-copyright\">Test console</div></div></body></html>";
        }

        private static String group(Pattern pattern, String page) {
            Matcher matcher = pattern.matcher(page);
            return matcher.find() ? matcher.group(1) : "";
        }
    }
}

package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import gg.jte.TemplateEngine;

/**
 * The arrangement of Openfire 5.x: the plugin's classes (and the jte runtime it bundles) live in a class loader of
 * their own, and the container runs each console request with its admin webapp's class loader as thread context class
 * loader, which cannot see them. Here a fresh copy of our classes is loaded in such a loader (so no earlier test has
 * built its template engine yet) and a page is served by a container whose context class loader sees nothing of ours.
 * Before pages set the context class loader, this answered HTTP 500 ({@code TemplateNotFoundException ...
 * ClassNotFoundException: social.waddle.web.templates.JtesettingsGenerated}), exactly as on Openfire 5.1.1.
 */
class ContextClassLoaderTest {

    private URLClassLoader plugin;
    private URLClassLoader container;
    private Server server;
    private final List<ClassLoader> seenByPage = new CopyOnWriteArrayList<>();
    private final List<ClassLoader> afterRequest = new CopyOnWriteArrayList<>();
    private AutoCloseable installed;

    @BeforeEach
    void start() throws Exception {
        plugin = pluginLoader();
        container = new URLClassLoader("admin-webapp", new URL[0], ClassLoader.getPlatformClassLoader());
        installed = installServices();
        Servlet page = (Servlet) plugin.loadClass(SettingsPage.class.getName()).getDeclaredConstructor().newInstance();

        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new ContainerContextLoader()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(page), "/plugins/waddle/" + SettingsPage.PAGE_ID);
        server.setHandler(context);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        installed.close();
        plugin.close();
        container.close();
    }

    @Test
    void aPageRendersAndRunsWithThePluginsLoaderWhileTheContainersCannotSeeIt() throws Exception {
        assertThat(plugin.loadClass(SettingsPage.class.getName())).isNotSameAs(SettingsPage.class);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/plugins/waddle/" + SettingsPage.PAGE_ID))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("<meta name=\"pageID\" content=\"" + SettingsPage.PAGE_ID + "\">")
                .contains("name=\"csrf\"").contains("id=\"group-login\"");
        assertThat(seenByPage).isNotEmpty().allSatisfy(loader -> assertThat(loader).isSameAs(plugin));
        assertThat(afterRequest).containsExactly(container);
    }

    /** Our classes and jte's from their own loader, everything else (servlet API, slf4j, JDK) from the parent. */
    private static URLClassLoader pluginLoader() throws Exception {
        URL classes = AdminPage.class.getProtectionDomain().getCodeSource().getLocation();
        URL jte = TemplateEngine.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader parent = new ClassLoader("openfire-lib", ContextClassLoaderTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("social.waddle.") || name.startsWith("gg.jte.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        return new URLClassLoader("waddle-plugin", new URL[] {classes, jte}, parent);
    }

    /** The plugin copy's {@link ConsoleServices}: an admin who is logged in, texts, settings in memory. */
    private AutoCloseable installServices() throws Exception {
        Class<?> services = plugin.loadClass(ConsoleServices.class.getName());
        Class<?> builderType = plugin.loadClass(ConsoleServices.Builder.class.getName());
        Class<?> messagesType = plugin.loadClass(Messages.class.getName());
        Class<?> usersType = plugin.loadClass(ConsoleUsers.class.getName());
        Class<?> auditType = plugin.loadClass(AdminAudit.class.getName());
        Class<?> storeType = plugin.loadClass("social.waddle.settings.PropertyStore");
        Class<?> settingsType = plugin.loadClass("social.waddle.settings.Settings");

        Object messages = plugin.loadClass(BundleMessages.class.getName()).getMethod("of", ResourceBundle.class)
                .invoke(null, ConsoleFixture.bundle());
        Object users = proxy(usersType, (self, method, args) -> {
            seenByPage.add(Thread.currentThread().getContextClassLoader());
            return Optional.of(ConsoleFixture.ADMIN);
        });
        Object audit = proxy(auditType, (self, method, args) -> null);
        Object store = proxy(storeType, (self, method, args) -> method.getName().equals("get") ? Optional.empty() : null);
        Object declared = plugin.loadClass("social.waddle.settings.WaddleSettings").getField("ALL").get(null);
        Object settings = settingsType.getConstructor(storeType, List.class).newInstance(store, declared);

        Object builder = services.getMethod("builder").invoke(null);
        builderType.getMethod("messages", messagesType).invoke(builder, messages);
        builderType.getMethod("users", usersType).invoke(builder, users);
        builderType.getMethod("audit", auditType).invoke(builder, audit);
        builderType.getMethod("with", Class.class, Object.class).invoke(builder, settingsType, settings);
        Object built = builderType.getMethod("build").invoke(builder);
        return (AutoCloseable) services.getMethod("install", services).invoke(null, built);
    }

    private Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(plugin, new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, method, args);
            }
            return handler.invoke(self, method, args);
        });
    }

    private static Object objectMethod(Object self, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            default -> "proxy";
        };
    }

    /** What Openfire's console does: the request runs with the admin webapp's loader as context class loader. */
    private final class ContainerContextLoader implements Filter {
        @Override
        public void init(FilterConfig config) {
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Thread thread = Thread.currentThread();
            ClassLoader jetty = thread.getContextClassLoader();
            thread.setContextClassLoader(container);
            try {
                chain.doFilter(request, response);
                afterRequest.add(thread.getContextClassLoader());
            } finally {
                thread.setContextClassLoader(jetty);
            }
        }

        @Override
        public void destroy() {
        }
    }
}

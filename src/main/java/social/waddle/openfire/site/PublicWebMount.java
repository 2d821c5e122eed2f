package social.waddle.openfire.site;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;

import org.jivesoftware.openfire.http.HttpBindManager;
import org.jivesoftware.util.JiveGlobals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts servlets under a context path on Openfire 5.x's public web server: an ee8 {@code ServletContextHandler}
 * (javax.servlet, Jetty 12) added with {@code HttpBindManager.addJettyHandler(org.eclipse.jetty.ee8.nested.ContextHandler)}
 * and removed with {@code removeJettyHandler}, then stopped (Openfire 5.1.1 removes it from its handler list without
 * stopping it).
 *
 * <p>Jetty is reached by name through method handles, never compiled against: we compile against Openfire 4.2.0, whose
 * Jetty 9 occupies the same Maven coordinates ({@code org.eclipse.jetty:jetty-server}, {@code jetty-util}) that the
 * Jetty 12 ee8 artifacts need, so both cannot be on one compile class path; and {@code addJettyHandler} takes Jetty 9
 * types in 4.2.0. The names and signatures used here are those of Openfire 5.1.1's jars (Jetty 12.0.x ee8), checked
 * by {@code PublicWebMountDistributionTest} against the jars of the distribution. On Openfire 4.x, where the ee8 classes do not exist,
 * nothing is mounted and a line says so.
 */
final class PublicWebMount {

    private static final Logger Log = LoggerFactory.getLogger(PublicWebMount.class);

    static final String SERVLET_CONTEXT_HANDLER = "org.eclipse.jetty.ee8.servlet.ServletContextHandler";
    static final String SERVLET_HOLDER = "org.eclipse.jetty.ee8.servlet.ServletHolder";
    static final String NESTED_CONTEXT_HANDLER = "org.eclipse.jetty.ee8.nested.ContextHandler";
    /** {@code ServletContextHandler.NO_SESSIONS}: the pages keep their own cookies, no container session. */
    static final int NO_SESSIONS = 0;

    private PublicWebMount() {
    }

    /** What the handle calls need, resolved in one place (the test resolves them against the 5.1.1 jars). */
    record JettyHandles(MethodHandle newContext, MethodHandle setContextPath, MethodHandle setClassLoader,
                        MethodHandle newHolder, MethodHandle addServlet, MethodHandle stop, Class<?> nestedContext) {

        static JettyHandles resolve(ClassLoader jetty) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> context = Class.forName(SERVLET_CONTEXT_HANDLER, false, jetty);
            Class<?> holder = Class.forName(SERVLET_HOLDER, false, jetty);
            Class<?> nested = Class.forName(NESTED_CONTEXT_HANDLER, false, jetty);
            // The servlet API as Jetty sees it: in Openfire the very javax.servlet our pages implement (the plugin's
            // class loader is parent-first), named so the signatures can be checked against other jars in tests.
            Class<?> servlet = Class.forName("javax.servlet.Servlet", false, jetty);
            return new JettyHandles(
                    lookup.findConstructor(context, MethodType.methodType(void.class, int.class)),
                    lookup.findVirtual(context, "setContextPath", MethodType.methodType(void.class, String.class)),
                    lookup.findVirtual(context, "setClassLoader", MethodType.methodType(void.class, ClassLoader.class)),
                    lookup.findConstructor(holder, MethodType.methodType(void.class, servlet)),
                    lookup.findVirtual(context, "addServlet", MethodType.methodType(void.class, holder, String.class)),
                    lookup.findVirtual(context, "stop", MethodType.methodType(void.class)),
                    nested);
        }

        /** A started-later handler holding {@code routes} under {@code contextPath}, running with {@code loader}. */
        Object build(String contextPath, Map<String, HttpServlet> routes, ClassLoader loader) throws Throwable {
            Object handler = newContext.invoke(NO_SESSIONS);
            setContextPath.invoke(handler, contextPath);
            setClassLoader.invoke(handler, loader);
            for (Map.Entry<String, HttpServlet> route : routes.entrySet()) {
                addServlet.invoke(handler, newHolder.invoke((Servlet) route.getValue()), route.getKey());
            }
            return handler;
        }
    }

    /** {@code HttpBindManager.addJettyHandler(org.eclipse.jetty.ee8.nested.ContextHandler)} of Openfire 5.x. */
    static MethodHandle addHandler(Class<?> httpBindManager, Class<?> nestedContext) throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findVirtual(httpBindManager, "addJettyHandler",
                MethodType.methodType(void.class, nestedContext));
    }

    /** {@code HttpBindManager.removeJettyHandler(org.eclipse.jetty.ee8.nested.ContextHandler)} of Openfire 5.x. */
    static MethodHandle removeHandler(Class<?> httpBindManager, Class<?> nestedContext)
            throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findVirtual(httpBindManager, "removeJettyHandler",
                MethodType.methodType(void.class, nestedContext));
    }

    /**
     * Mounts {@code routes} (servlet path specs) under {@code contextPath}.
     *
     * @return the undo action, or empty on an Openfire without Jetty 12 ee8 (4.x), where the pages are not offered
     */
    static Optional<AutoCloseable> mount(String contextPath, Map<String, HttpServlet> routes, ClassLoader pluginLoader)
            throws Exception {
        HttpBindManager manager = HttpBindManager.getInstance();
        JettyHandles jetty;
        try {
            jetty = JettyHandles.resolve(HttpBindManager.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            Log.info("This Openfire has no Jetty 12 ee8 web server (Openfire 4.x): the public Waddle pages (Sign in with"
                    + " Bluesky, {}) are not offered; everything else works", contextPath);
            return Optional.empty();
        }
        MethodHandle add = addHandler(HttpBindManager.class, jetty.nestedContext());
        MethodHandle remove = removeHandler(HttpBindManager.class, jetty.nestedContext());
        Object handler;
        try {
            handler = jetty.build(contextPath, routes, pluginLoader);
            add.invoke(manager, handler);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("Could not mount the public pages at " + contextPath, e);
        }
        // The admin's setting, not isHttpBindEnabled(): that one tells whether the web server runs yet, and plugins
        // load while Openfire starts it.
        if (!JiveGlobals.getBooleanProperty("httpbind.enabled", true)) {
            Log.warn("The public Waddle pages are mounted at {} but Openfire's HTTP binding is off (httpbind.enabled ="
                    + " false): enable it (Server > Server Settings > HTTP Binding) so people can reach them",
                    contextPath);
        }
        Object mounted = handler;
        return Optional.of(() -> {
            try {
                remove.invoke(manager, mounted);
                jetty.stop().invoke(mounted);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Could not unmount the public pages at " + contextPath, e);
            }
        });
    }
}

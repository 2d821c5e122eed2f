package social.waddle.web;

import java.io.IOException;

import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Base of the plugin's servlets, console pages and public pages alike. Openfire runs a console request with the admin
 * webapp's class loader as thread context class loader, which cannot see plugin classes, and jte and other libraries
 * load classes and resources through the context class loader: so every request runs with the plugin's class loader
 * (the one that loaded the servlet) as context class loader, and the container's is restored afterwards. Only
 * requests with Openfire's {@code .jsp} suffix get its character-encoding filter, so parameters are read as UTF-8
 * here unless the request names its encoding.
 */
public abstract class PluginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** One GET or POST, with the plugin's class loader as context class loader and UTF-8 parameters. */
    protected abstract void handle(HttpServletRequest request, HttpServletResponse response, boolean post)
            throws IOException;

    @Override
    public final void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader container = thread.getContextClassLoader();
        thread.setContextClassLoader(getClass().getClassLoader());
        try {
            super.service(request, response);
        } finally {
            thread.setContextClassLoader(container);
        }
    }

    @Override
    protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        readAsUtf8(request);
        handle(request, response, false);
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        readAsUtf8(request);
        handle(request, response, true);
    }

    private static void readAsUtf8(HttpServletRequest request) throws IOException {
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding("UTF-8");
        }
    }
}

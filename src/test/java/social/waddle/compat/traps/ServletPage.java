package social.waddle.compat.traps;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Supplier;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.util.StringUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Control: servlet, SLF4J, Jetty and JDK API present on 4.2.0's class path and in 5.1.1's distribution alike,
 * including a signature-polymorphic {@code MethodHandle.invokeExact} and members inherited from the servlet API.
 */
public final class ServletPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(ServletPage.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        Supplier<String> greeting = () -> "Hello " + StringUtil.asciiToLowerCase(name);
        Log.debug("{} from {}", greeting.get(), getServletName());
        response.setContentType("text/plain");
        response.getWriter().println(List.of(greeting.get()));
    }

    public static int length(String text) throws Throwable {
        MethodHandle length = MethodHandles.lookup()
                .findVirtual(String.class, "length", MethodType.methodType(int.class));
        return (int) length.invokeExact(text);
    }
}

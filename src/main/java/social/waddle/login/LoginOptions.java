package social.waddle.login;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The admin's choices that decide who may log in and how (the {@code waddle.login.*} and {@code waddle.policy.*} settings). */
public record LoginOptions(
        boolean appPasswords,
        boolean serviceAuth,
        boolean autoProvision,
        Set<String> didMethods,
        List<String> allowedHandleDomains,
        List<String> deniedHandleDomains,
        List<String> allowedPdsHosts,
        List<String> deniedPdsHosts) {

    public LoginOptions {
        didMethods = Set.copyOf(didMethods);
        allowedHandleDomains = List.copyOf(allowedHandleDomains);
        deniedHandleDomains = List.copyOf(deniedHandleDomains);
        allowedPdsHosts = List.copyOf(allowedPdsHosts);
        deniedPdsHosts = List.copyOf(deniedPdsHosts);
    }

    public static LoginOptions permissive() {
        return new LoginOptions(true, true, true, Set.of("plc", "web"), List.of(), List.of(), List.of(), List.of());
    }

    /** Whether {@code host} is one of {@code domains} or below one of them. */
    static boolean under(String host, List<String> domains) {
        String lower = host.toLowerCase(Locale.ROOT);
        for (String domain : domains) {
            if (lower.equals(domain) || lower.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }
}

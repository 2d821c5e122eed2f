package social.waddle.web.site;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import social.waddle.device.DevicePassword;
import social.waddle.device.DevicePasswords;
import social.waddle.device.InvalidDeviceRequest;
import social.waddle.web.Dates;

/**
 * {@code /devices}: the signed-in person's device passwords. Lists them; creates one (its text is shown once, on the
 * answer to the creating POST, which is {@code no-store} and never redirected, so the text is in no URL, cookie or
 * history entry); revokes one after a confirmation step (the page has no script: CSP {@code default-src 'none'}).
 */
public final class DevicesPage extends SitePage {

    private static final long serialVersionUID = 1L;

    /** One listed password. */
    public record Device(String id, String name, String hint, String created, String lastUsed, String lastAddress) {
    }

    /** A password just created: shown once. */
    public record Created(String name, String text, List<String> groups) {
    }

    public record View(SiteAccount.Connection connection, List<Device> devices, Optional<Created> created,
                       Optional<Device> confirmRevoke, String typedName, Optional<String> error) {
    }

    @Override
    protected String titleKey() {
        return "site.devices.title";
    }

    @Override
    protected SiteResult get(SiteRequest request) {
        DevicePasswords passwords = request.services().require(DevicePasswords.class);
        List<Device> devices = devices(request, passwords);
        String revoke = request.parameter("revoke");
        Optional<Device> confirm = Optional.empty();
        if (!revoke.isEmpty()) {
            confirm = devices.stream().filter(device -> device.id().equals(revoke)).findFirst();
            if (confirm.isEmpty()) {
                return SiteResult.error("/devices", request.t("site.devices.notFound"));
            }
        }
        return SiteResult.view("site/devices.jte", view(request, devices, Optional.empty(), confirm, ""));
    }

    @Override
    protected SiteResult post(SiteRequest request) {
        DevicePasswords passwords = request.services().require(DevicePasswords.class);
        String did = request.person().did();
        switch (request.parameter("action")) {
            case "create": {
                String name = request.parameter("name");
                try {
                    DevicePasswords.Created created = passwords.create(did, name);
                    String text = created.text();
                    List<String> groups = List.of(text.split("-"));
                    return SiteResult.view("site/devices.jte", view(request, devices(request, passwords),
                            Optional.of(new Created(created.password().name(), text, groups)), Optional.empty(), ""));
                } catch (InvalidDeviceRequest e) {
                    // Re-rendered with what was typed and why it was refused; nothing was stored.
                    return new SiteResult.View("site/devices.jte", new View(connection(request),
                            devices(request, passwords), Optional.empty(), Optional.empty(), name,
                            Optional.of(e.getMessage())), 400);
                }
            }
            case "revoke": {
                String id = request.parameter("id");
                Optional<DevicePassword> row = passwords.list(did).stream().filter(p -> p.id().equals(id)).findFirst();
                if (row.isEmpty() || !passwords.revoke(did, id)) {
                    return SiteResult.error("/devices", request.t("site.devices.notFound"));
                }
                return SiteResult.success("/devices", request.t("site.devices.revoked", row.get().name()));
            }
            default:
                return problem(request, 400, request.t("site.devices.unknownAction"));
        }
    }

    private static View view(SiteRequest request, List<Device> devices, Optional<Created> created,
                             Optional<Device> confirm, String typedName) {
        return new View(connection(request), devices, created, confirm, typedName, Optional.empty());
    }

    private static SiteAccount.Connection connection(SiteRequest request) {
        return request.services().require(SiteAccount.class).connection(request.person());
    }

    private static List<Device> devices(SiteRequest request, DevicePasswords passwords) {
        return passwords.list(request.person().did()).stream()
                .map(row -> new Device(row.id(), row.name(), row.hint(), Dates.format(row.createdAt()),
                        row.lastUsedAt().map(Dates::format).orElse(request.t("site.devices.never")),
                        row.lastAddress().orElse("")))
                .collect(Collectors.toList());
    }
}

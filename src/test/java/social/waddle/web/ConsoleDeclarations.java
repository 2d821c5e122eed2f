package social.waddle.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What web.xml and plugin.xml declare about the pages, read as Openfire reads them. */
final class ConsoleDeclarations {

    record SidebarItem(String id, String url, String nameKey) {
    }

    private ConsoleDeclarations() {
    }

    /** url-pattern → servlet class, taking only the first servlet-mapping of each servlet, as PluginServlet does. */
    static Map<String, String> servlets() throws Exception {
        Document document = parse(Path.of("src/main/web/WEB-INF/web.xml"));
        Map<String, String> classes = new LinkedHashMap<>();
        NodeList servlets = document.getElementsByTagName("servlet");
        for (int i = 0; i < servlets.getLength(); i++) {
            Element servlet = (Element) servlets.item(i);
            classes.put(text(servlet, "servlet-name"), text(servlet, "servlet-class"));
        }
        Map<String, String> byPattern = new LinkedHashMap<>();
        List<String> mapped = new ArrayList<>();
        NodeList mappings = document.getElementsByTagName("servlet-mapping");
        for (int i = 0; i < mappings.getLength(); i++) {
            Element mapping = (Element) mappings.item(i);
            String name = text(mapping, "servlet-name");
            if (mapped.contains(name)) {
                continue;
            }
            mapped.add(name);
            NodeList patterns = mapping.getElementsByTagName("url-pattern");
            for (int j = 0; j < patterns.getLength(); j++) {
                byPattern.put(patterns.item(j).getTextContent().trim(), classes.get(name));
            }
        }
        return byPattern;
    }

    static List<SidebarItem> sidebarItems() throws Exception {
        Document document = parse(Path.of("plugin.xml"));
        List<SidebarItem> items = new ArrayList<>();
        NodeList nodes = document.getElementsByTagName("item");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element item = (Element) nodes.item(i);
            String name = item.getAttribute("name");
            items.add(new SidebarItem(item.getAttribute("id"), item.getAttribute("url"),
                    name.startsWith("${") ? name.substring(2, name.length() - 1) : name));
        }
        return items;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}

package io.lifeboat.fencing;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * What a fence agent says about itself in {@code AGENT -o metadata}: its parameters and actions.
 * Read it instead of hard-coding parameter names, which differ between agents and versions.
 */
public record FenceAgentMetadata(String agent, String shortdesc, List<Parameter> parameters, List<String> actions) {

    /**
     * One parameter. An old name is listed as a parameter of its own, {@code deprecated}, and its new name says
     * which old one it {@code obsoletes} (null when none); agents accept both.
     *
     * @param description the parameter's {@code shortdesc}, empty when it has none
     */
    public record Parameter(String name, boolean required, String type, String defaultValue,
                            boolean deprecated, String obsoletes, String description, List<String> options) {
        public Parameter {
            options = List.copyOf(options);
        }
    }

    public FenceAgentMetadata {
        parameters = List.copyOf(parameters);
        actions = List.copyOf(actions);
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Parses resource-agent XML; throws IllegalArgumentException when it is not that. */
    public static FenceAgentMetadata parse(String xml) {
        Document doc;
        try {
            doc = newBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("fence agent metadata is not valid XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"resource-agent".equals(root.getTagName())) {
            throw new IllegalArgumentException("fence agent metadata root is <" + root.getTagName()
                    + ">, expected <resource-agent>");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (Element params : children(root, "parameters")) {
            for (Element p : children(params, "parameter")) {
                parameters.add(parameter(p));
            }
        }
        List<String> actions = new ArrayList<>();
        for (Element acts : children(root, "actions")) {
            for (Element a : children(acts, "action")) {
                actions.add(a.getAttribute("name"));
            }
        }
        String name = root.getAttribute("name");
        // An agent installed under another name (fence_ilo3 is fence_ipmilan) describes itself in its <symlink>.
        String shortdesc = children(root, "symlink").stream().filter(l -> name.equals(l.getAttribute("name")))
                .map(l -> l.getAttribute("shortdesc")).findFirst().orElse(root.getAttribute("shortdesc"));
        return new FenceAgentMetadata(name, shortdesc, parameters, actions);
    }

    private static Parameter parameter(Element p) {
        String type = "string";
        String defaultValue = null;
        List<String> options = new ArrayList<>();
        List<Element> content = children(p, "content");
        if (!content.isEmpty()) {
            Element c = content.get(0);
            type = c.getAttribute("type").isEmpty() ? "string" : c.getAttribute("type");
            defaultValue = c.hasAttribute("default") ? c.getAttribute("default") : null;
            for (Element o : children(c, "option")) {
                options.add(o.getAttribute("value"));
            }
        }
        String obsoletes = p.getAttribute("obsoletes").isEmpty() ? null : p.getAttribute("obsoletes");
        String description = children(p, "shortdesc").stream().map(d -> d.getTextContent().strip()).findFirst()
                .orElse("");
        return new Parameter(p.getAttribute("name"), flag(p, "required"), type, defaultValue,
                flag(p, "deprecated"), obsoletes, description, options);
    }

    private static boolean flag(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return "1".equals(v) || "true".equalsIgnoreCase(v);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override public void warning(SAXParseException e) { }
        @Override public void error(SAXParseException e) throws SAXException { throw e; }
        @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
    };

    // The XML comes from an executable we do not control: no DTDs, no external entities (XXE).
    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(QUIET); // the default handler prints "[Fatal Error]" to stderr
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser lacks secure-processing features", e);
        }
    }
}

package io.rolegate.federation;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Namespaces of SAML 2.0 and small DOM helpers that read only what is asked for, strictly. */
final class SamlXml {
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String METADATA = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private SamlXml() {
    }

    static boolean is(Node n, String ns, String localName) {
        return n instanceof Element e && ns.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    /** The direct children of {@code parent} with that name, in document order. */
    static List<Element> children(Element parent, String ns, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (is(n, ns, localName)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    /** The one direct child of that name, null when there is none; more than one is refused. */
    static Element child(Element parent, String ns, String localName) {
        List<Element> found = children(parent, ns, localName);
        if (found.size() > 1) {
            throw SamlErrors.invalid("The SAML response has more than one " + localName + " element in "
                    + parent.getLocalName());
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * The text of an element that must hold text only: a comment, processing instruction or child element inside it
     * is refused (the "comment inside NameID" attack makes a reader that takes only the first text node see a
     * different value than the signature covered).
     */
    static String text(Element e) {
        StringBuilder b = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                b.append(n.getNodeValue());
            } else {
                throw SamlErrors.invalid("The SAML element " + e.getLocalName()
                        + " must hold text only (no comments or child elements)");
            }
        }
        return b.toString().trim();
    }

    /** An xs:dateTime as SAML writes it (UTC, {@code Z} or an offset, optional fraction). */
    static Instant instant(String value) {
        return OffsetDateTime.parse(value.trim()).toInstant();
    }

    /** An attribute value, null when absent. */
    static String attribute(Element e, String name) {
        return e.hasAttributeNS(null, name) ? e.getAttributeNS(null, name) : null;
    }
}

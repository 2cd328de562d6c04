package io.rolegate.federation;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;

/**
 * The one way untrusted XML (SAML responses, IdP metadata) is parsed: namespace-aware, no DOCTYPE at all (so no
 * entities, internal or external, and no billion laughs), no XInclude, no external DTD or schema access, JAXP secure
 * processing limits on. A document with a DOCTYPE fails to parse.
 */
public final class SecureXml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private SecureXml() {
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setIgnoringComments(false); // comments stay visible, so values holding them can be refused
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK XML parser lacks a required security feature", e);
        }
    }

    /** The parsed document; {@link SAXException} for anything not well-formed or carrying a DOCTYPE. */
    public static Document parse(byte[] xml) throws SAXException {
        return parse(new InputSource(new ByteArrayInputStream(xml)));
    }

    public static Document parse(String xml) throws SAXException {
        return parse(new InputSource(new StringReader(xml)));
    }

    private static Document parse(InputSource in) throws SAXException {
        try {
            DocumentBuilder b;
            synchronized (FACTORY) {
                b = FACTORY.newDocumentBuilder();
            }
            b.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("External entities are not allowed");
            });
            return b.parse(in);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new SAXException(e);
        }
    }
}

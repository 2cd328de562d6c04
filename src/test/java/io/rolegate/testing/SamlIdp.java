package io.rolegate.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A test SAML identity provider: an RSA key with a self-signed certificate, its metadata, and signed responses built
 * from src/test/resources/federation/saml/response-template.xml, with every knob a hostile variant needs.
 */
public final class SamlIdp {
    public static final String ENTITY_ID = "https://idp.example.com/saml";
    public static final String AWS_SIGN_IN = "https://signin.aws.amazon.com/saml";
    public static final String NS_ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    public static final String NS_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    public static final String NS_DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private final KeyPair keys;
    private final X509Certificate certificate;

    public SamlIdp() {
        keys = rsaKeys();
        certificate = certificate(keys, "CN=test-idp");
    }

    /** A self-signed certificate of the key pair, valid for a year. */
    public static X509Certificate certificate(KeyPair keys, String subject) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(subject),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name(subject), keys.getPublic());
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String metadata() {
        return metadata(ENTITY_ID);
    }

    public String metadata(String entityId) {
        try {
            return template("metadata-template.xml").replace("${entityId}", entityId)
                    .replace("${certificate}", Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response to build; every field has a value that makes a valid response at {@code now}. */
    public final class Response {
        public Instant now = Instant.now();
        public String issuer = ENTITY_ID;
        public String subject = "alice@example.com";
        public String destination = AWS_SIGN_IN;
        public String recipient = AWS_SIGN_IN;
        public String audience = AWS_SIGN_IN;
        public String status = "urn:oasis:names:tc:SAML:2.0:status:Success";
        public String responseId = "_r" + UUID.randomUUID();
        public String assertionId = "_a" + UUID.randomUUID();
        public Duration notBefore = Duration.ofMinutes(-1);
        public Duration notOnOrAfter = Duration.ofMinutes(5);
        public Duration sessionNotOnOrAfter = Duration.ofHours(8);
        public boolean signAssertion = true;
        public boolean signResponse = false;
        public boolean sha1 = false;
        public SamlIdp signer = SamlIdp.this;
        public final Map<String, List<String>> attributes = new LinkedHashMap<>();
        /** Encrypts the (signed) assertion for this service-provider key (EncryptedAssertion), when set. */
        public PublicKey encryptTo;
        public String contentEncryption = AES256_GCM;
        public String keyTransport = RSA_OAEP_MGF1P;
        /** DigestMethod and MGF of the key transport (null: none, SHA-1 by default). */
        public String oaepDigest;
        public String oaepMgf;
        /** Changes the assertion after signing, before encrypting (a hostile IdP). */
        public Consumer<Element> beforeEncryption = a -> { };

        public Response roles(String... pairs) {
            attributes.put("https://aws.amazon.com/SAML/Attributes/Role", List.of(pairs));
            return this;
        }

        public Response attribute(String name, String... values) {
            attributes.put(name, List.of(values));
            return this;
        }

        /** The response text before signing (placeholders filled). */
        public String unsignedXml() {
            StringBuilder attrs = new StringBuilder();
            attributes.forEach((name, values) -> {
                attrs.append("<saml:Attribute Name=\"").append(name).append("\">");
                for (String v : values) {
                    attrs.append("<saml:AttributeValue>").append(v).append("</saml:AttributeValue>");
                }
                attrs.append("</saml:Attribute>");
            });
            return template("response-template.xml").replace("${responseId}", responseId)
                    .replace("${assertionId}", assertionId).replace("${issueInstant}", now.toString())
                    .replace("${destination}", destination).replace("${issuer}", issuer).replace("${status}", status)
                    .replace("${subject}", subject).replace("${recipient}", recipient).replace("${audience}", audience)
                    .replace("${notBefore}", now.plus(notBefore).toString())
                    .replace("${notOnOrAfter}", now.plus(notOnOrAfter).toString())
                    .replace("${sessionNotOnOrAfter}", now.plus(sessionNotOnOrAfter).toString())
                    .replace("${attributes}", attrs.toString());
        }

        /** The signed response as a DOM, for variants to tamper with. */
        public Document document() {
            Document doc = parse(unsignedXml());
            Element response = doc.getDocumentElement();
            Element assertion = assertion(doc);
            if (signAssertion) {
                signer.sign(assertion, sha1);
            }
            if (encryptTo != null) {
                beforeEncryption.accept(assertion);
                encrypt(assertion, this);
            }
            if (signResponse) {
                signer.sign(response, sha1);
            }
            return doc;
        }

        public String base64() {
            return SamlIdp.base64(document());
        }
    }

    public Response response() {
        return new Response();
    }

    public static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    public static final String XENC11 = "http://www.w3.org/2009/xmlenc11#";
    public static final String AES256_GCM = XENC11 + "aes256-gcm";
    public static final String AES128_CBC = XENC + "aes128-cbc";
    public static final String RSA_OAEP_MGF1P = XENC + "rsa-oaep-mgf1p";
    public static final String RSA_OAEP_11 = XENC11 + "rsa-oaep";
    public static final String RSA_1_5 = XENC + "rsa-1_5";

    /** A fresh RSA-2048 key pair (a service provider's encryption key). */
    public static KeyPair rsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM, as IAM's AddPrivateKey takes it. */
    public static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * Replaces the assertion by an EncryptedAssertion (XML Encryption 1.1) for {@code r.encryptTo}: a random AES key
     * (GCM: 12-byte IV and 128-bit tag; CBC: 16-byte IV and XML Encryption's padding) carried in an EncryptedKey
     * inside the EncryptedData's KeyInfo, as Keycloak does.
     */
    static void encrypt(Element assertion, Response r) {
        try {
            Document d = assertion.getOwnerDocument();
            assertion.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", NS_ASSERTION);
            StringWriter out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty("omit-xml-declaration", "yes");
            t.transform(new DOMSource(assertion), new StreamResult(out));
            byte[] plain = out.toString().getBytes(StandardCharsets.UTF_8);
            SecureRandom random = new SecureRandom();
            boolean gcm = r.contentEncryption.contains("gcm");
            byte[] key = new byte[r.contentEncryption.contains("128") ? 16 : r.contentEncryption.contains("192") ? 24 : 32];
            random.nextBytes(key);
            byte[] iv = new byte[gcm ? 12 : 16];
            random.nextBytes(iv);
            byte[] cipherText;
            if (gcm) {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                cipherText = c.doFinal(plain);
            } else {
                int pad = 16 - plain.length % 16;
                byte[] padded = java.util.Arrays.copyOf(plain, plain.length + pad);
                padded[padded.length - 1] = (byte) pad;
                Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                cipherText = c.doFinal(padded);
            }
            byte[] ivAndCipherText = new byte[iv.length + cipherText.length];
            System.arraycopy(iv, 0, ivAndCipherText, 0, iv.length);
            System.arraycopy(cipherText, 0, ivAndCipherText, iv.length, cipherText.length);
            Cipher rsa;
            if (r.keyTransport.equals(RSA_1_5)) {
                rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                rsa.init(Cipher.ENCRYPT_MODE, r.encryptTo);
            } else {
                String digest = r.oaepDigest == null ? "SHA-1" : r.oaepDigest.endsWith("sha256") ? "SHA-256" : "SHA-1";
                String mgf = r.oaepMgf == null ? "SHA-1" : r.oaepMgf.endsWith("sha256") ? "SHA-256" : "SHA-1";
                rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
                rsa.init(Cipher.ENCRYPT_MODE, r.encryptTo, new OAEPParameterSpec(digest, "MGF1",
                        new MGF1ParameterSpec(mgf), PSource.PSpecified.DEFAULT));
            }
            byte[] wrapped = rsa.doFinal(key);

            Element encrypted = d.createElementNS(NS_ASSERTION, "saml:EncryptedAssertion");
            // declared as attributes, so a Response signature computed on this DOM matches the parsed text
            String xmlns = "http://www.w3.org/2000/xmlns/";
            encrypted.setAttributeNS(xmlns, "xmlns:xenc", XENC);
            encrypted.setAttributeNS(xmlns, "xmlns:ds", NS_DSIG);
            encrypted.setAttributeNS(xmlns, "xmlns:xenc11", XENC11);
            Element data = xenc(d, encrypted, "EncryptedData");
            data.setAttribute("Type", XENC + "Element");
            xenc(d, data, "EncryptionMethod").setAttribute("Algorithm", r.contentEncryption);
            Element keyInfo = (Element) data.appendChild(d.createElementNS(NS_DSIG, "ds:KeyInfo"));
            Element encryptedKey = xenc(d, keyInfo, "EncryptedKey");
            Element method = xenc(d, encryptedKey, "EncryptionMethod");
            method.setAttribute("Algorithm", r.keyTransport);
            if (r.oaepDigest != null) {
                ((Element) method.appendChild(d.createElementNS(NS_DSIG, "ds:DigestMethod")))
                        .setAttribute("Algorithm", r.oaepDigest);
            }
            if (r.oaepMgf != null) {
                ((Element) method.appendChild(d.createElementNS(XENC11, "xenc11:MGF"))).setAttribute("Algorithm", r.oaepMgf);
            }
            xenc(d, xenc(d, encryptedKey, "CipherData"), "CipherValue")
                    .setTextContent(Base64.getEncoder().encodeToString(wrapped));
            xenc(d, xenc(d, data, "CipherData"), "CipherValue")
                    .setTextContent(Base64.getEncoder().encodeToString(ivAndCipherText));
            assertion.getParentNode().replaceChild(encrypted, assertion);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element xenc(Document d, Element parent, String name) {
        return (Element) parent.appendChild(d.createElementNS(XENC, "xenc:" + name));
    }

    public static Element assertion(Document doc) {
        return (Element) doc.getElementsByTagNameNS(NS_ASSERTION, "Assertion").item(0);
    }

    /** Enveloped signature placed right after the element's Issuer, as the SAML schema wants. */
    public void sign(Element e, boolean sha1) {
        try {
            XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
            Reference ref = f.newReference("#" + e.getAttribute("ID"),
                    f.newDigestMethod(sha1 ? DigestMethod.SHA1 : DigestMethod.SHA256, null),
                    List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            f.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo si = f.newSignedInfo(f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
                            (C14NMethodParameterSpec) null),
                    f.newSignatureMethod(sha1 ? SignatureMethod.RSA_SHA1 : SignatureMethod.RSA_SHA256, null), List.of(ref));
            KeyInfoFactory kif = f.getKeyInfoFactory();
            KeyInfo ki = kif.newKeyInfo(List.of(kif.newX509Data(List.of(certificate))));
            Node issuer = e.getElementsByTagNameNS(NS_ASSERTION, "Issuer").item(0);
            DOMSignContext ctx = new DOMSignContext(keys.getPrivate(), e, issuer.getNextSibling());
            ctx.setIdAttributeNS(e, null, "ID");
            f.newXMLSignature(si, ki).sign(ctx);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String xml(Document doc) {
        try {
            StringWriter out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty("omit-xml-declaration", "yes");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String base64(Document doc) {
        return base64(xml(doc));
    }

    public static String base64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** All elements of that name, in document order. */
    public static List<Element> elements(Document doc, String ns, String name) {
        List<Element> out = new ArrayList<>();
        var list = doc.getElementsByTagNameNS(ns, name);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static String template(String name) {
        try (InputStream in = SamlIdp.class.getResourceAsStream("/federation/saml/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

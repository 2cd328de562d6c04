package io.rolegate.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rolegate.error.AwsException;
import io.rolegate.testing.SamlIdp;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.security.KeyPair;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.rolegate.testing.SamlIdp.NS_ASSERTION;
import static io.rolegate.testing.SamlIdp.NS_DSIG;
import static io.rolegate.testing.SamlIdp.NS_PROTOCOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The table of hostile assertions (federation/saml-hostile-assertions.yaml) against the validator. */
class SamlResponseValidatorTest {
    static final String GATEWAY = "https://gateway.example.com/saml";
    static final String ROLE = "arn:aws:iam::111111111111:role/saml-role";
    static final String PROVIDER = "arn:aws:iam::111111111111:saml-provider/test-idp";
    private static final SamlIdp IDP = new SamlIdp();
    private static final SamlMetadata METADATA = SamlMetadata.parse(IDP.metadata());
    /** This service provider's encryption key (the provider's private key), and another SP's. */
    private static final KeyPair SP = SamlIdp.rsaKeys();
    private static final KeyPair OTHER_SP = SamlIdp.rsaKeys();
    private final SamlResponseValidator validator = new SamlResponseValidator(new SamlResponseValidator.Settings(
            Set.of(SamlIdp.AWS_SIGN_IN, GATEWAY), Set.of("urn:amazon:webservices"), Duration.ofMinutes(5), false));

    record Case(String variant, String expect, String code, String message) {
    }

    record Table(List<Case> cases) {
    }

    @TestFactory
    Stream<DynamicTest> hostileAssertions() throws IOException {
        Table table;
        try (InputStream in = getClass().getResourceAsStream("/federation/saml-hostile-assertions.yaml")) {
            table = new ObjectMapper(new YAMLFactory()).readValue(in, Table.class);
        }
        return table.cases().stream().map(c -> DynamicTest.dynamicTest(c.variant(), () -> {
            Instant now = Instant.now();
            String base64 = variant(c.variant(), now);
            if ("accepted".equals(c.expect())) {
                SamlAssertion a = validate(base64, now, c.variant());
                assertEquals("alice@example.com", a.subject());
                return;
            }
            AwsException e = assertThrows(AwsException.class, () -> validate(base64, now, c.variant()));
            assertEquals(c.code() + ": " + c.message(), e.code().code() + ": " + e.getMessage());
        }));
    }

    /**
     * As SamlService does: parse, apply the provider's encryption setting with its private key (none for variants
     * named no-key-*, Required mode for required-*), verify.
     */
    private SamlAssertion validate(String base64, Instant now, String variant) {
        SamlResponseValidator.ParsedResponse parsed = validator.decrypt(validator.parse(base64),
                variant.startsWith("no-key-") ? List.of() : List.of(SP.getPrivate()), variant.startsWith("required-"));
        SamlAssertion a = validator.verify(parsed, METADATA, now);
        SamlAwsAttributes.of(a);
        return a;
    }

    private static SamlIdp.Response response(Instant now) {
        SamlIdp.Response r = IDP.response();
        r.now = now;
        r.roles(ROLE + "," + PROVIDER);
        r.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        return r;
    }

    static String variant(String name, Instant now) throws IOException {
        if (name.startsWith("file:")) {
            try (InputStream in = SamlResponseValidatorTest.class.getResourceAsStream("/federation/saml/" + name.substring(5))) {
                return SamlIdp.base64(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        SamlIdp.Response r = response(now);
        switch (name) {
            case "valid":
                return r.base64();
            case "response-signed-only":
                r.signAssertion = false;
                r.signResponse = true;
                return r.base64();
            case "both-signed":
                r.signResponse = true;
                return r.base64();
            case "gateway-endpoint":
                r.destination = GATEWAY;
                r.recipient = GATEWAY;
                r.audience = GATEWAY;
                return r.base64();
            case "amazon-audience":
                r.audience = "urn:amazon:webservices";
                return r.base64();
            case "expired-within-clock-skew":
                r.notOnOrAfter = Duration.ofMinutes(-2);
                return r.base64();
            case "unsigned":
                r.signAssertion = false;
                return r.base64();
            case "assertion-modified-after-signing": {
                Document d = r.document();
                nameId(d).setTextContent("admin@example.com");
                return SamlIdp.base64(d);
            }
            case "signed-response-assertion-modified": {
                r.signAssertion = false;
                r.signResponse = true;
                Document d = r.document();
                nameId(d).setTextContent("admin@example.com");
                return SamlIdp.base64(d);
            }
            case "unsigned-assertion-swapped-into-signed-response": {
                r.signAssertion = false;
                r.signResponse = true;
                Document d = r.document();
                Element original = SamlIdp.assertion(d);
                Element evil = evil(original, "_evil");
                original.getParentNode().replaceChild(evil, original);
                return SamlIdp.base64(d);
            }
            case "wrong-certificate":
                r.signer = new SamlIdp();
                return r.base64();
            case "sha1":
                r.sha1 = true;
                return r.base64();
            case "signature-references-response-from-assertion": {
                r.signAssertion = false;
                r.signResponse = true;
                Document d = r.document();
                Element sig = signatureOf(d.getDocumentElement());
                Element assertion = SamlIdp.assertion(d);
                assertion.insertBefore(sig, issuer(assertion).getNextSibling());
                return SamlIdp.base64(d);
            }
            case "xsw1":
            case "xsw2": {
                r.signAssertion = false;
                r.signResponse = true;
                Document d = r.document();
                Element original = d.getDocumentElement();
                Element sig = signatureOf(original);
                original.removeChild(sig);
                Element evil = (Element) original.cloneNode(true);
                evil.setAttribute("ID", "_evil-response");
                evil.setIdAttribute("ID", false);
                nameIdIn(evil).setTextContent("admin@example.com");
                d.replaceChild(evil, original);
                evil.insertBefore(sig, issuer(evil).getNextSibling());
                if (name.equals("xsw1")) {
                    sig.appendChild(original); // the original, signed response inside the signature
                } else {
                    evil.insertBefore(original, sig); // detached: the original beside the signature
                }
                return SamlIdp.base64(d);
            }
            case "xsw3":
            case "xsw3-same-id": {
                Document d = r.document();
                Element original = SamlIdp.assertion(d);
                Element evil = evil(original, name.equals("xsw3") ? "_evil" : original.getAttribute("ID"));
                original.getParentNode().insertBefore(evil, original);
                return SamlIdp.base64(d);
            }
            case "xsw4": {
                Document d = r.document();
                Element original = SamlIdp.assertion(d);
                Element evil = evil(original, "_evil");
                original.getParentNode().replaceChild(evil, original);
                evil.appendChild(original);
                return SamlIdp.base64(d);
            }
            case "xsw5":
            case "xsw6":
            case "xsw8": {
                Document d = r.document();
                Element original = SamlIdp.assertion(d);
                Element evil = (Element) original.cloneNode(true); // keeps a copy of the signature
                evil.setAttribute("ID", "_evil");
                nameIdIn(evil).setTextContent("admin@example.com");
                original.removeChild(signatureOf(original));
                original.getParentNode().replaceChild(evil, original);
                Element evilSig = signatureOf(evil);
                if (name.equals("xsw5")) {
                    evil.getParentNode().appendChild(original);
                } else if (name.equals("xsw6")) {
                    evilSig.appendChild(original);
                } else {
                    Element object = d.createElementNS(NS_DSIG, "ds:Object");
                    object.appendChild(original);
                    evilSig.appendChild(object);
                }
                return SamlIdp.base64(d);
            }
            case "xsw7": {
                Document d = r.document();
                Element original = SamlIdp.assertion(d);
                Element evil = evil(original, "_evil");
                original.getParentNode().replaceChild(evil, original);
                Element extensions = d.createElementNS(NS_PROTOCOL, "samlp:Extensions");
                extensions.appendChild(original);
                evil.insertBefore(extensions, issuer(evil).getNextSibling());
                return SamlIdp.base64(d);
            }
            case "signature-in-extensions": {
                Document d = r.document();
                Element extensions = d.createElementNS(NS_PROTOCOL, "samlp:Extensions");
                extensions.appendChild(signatureOf(SamlIdp.assertion(d)).cloneNode(true));
                Element response = d.getDocumentElement();
                response.insertBefore(extensions, issuer(response).getNextSibling());
                return SamlIdp.base64(d);
            }
            case "duplicate-id":
                r.assertionId = r.responseId;
                return r.base64();
            case "comment-in-nameid":
                r.subject = "alice@example.com<!---->.evil.example";
                return r.base64();
            case "expired":
                r.notBefore = Duration.ofMinutes(-30);
                r.notOnOrAfter = Duration.ofMinutes(-10);
                return r.base64();
            case "not-yet-valid":
                r.notBefore = Duration.ofMinutes(10);
                r.notOnOrAfter = Duration.ofMinutes(20);
                return r.base64();
            case "wrong-audience":
                r.audience = "https://evil.example.com/saml";
                return r.base64();
            case "wrong-recipient":
                r.recipient = "https://evil.example.com/saml";
                return r.base64();
            case "wrong-destination":
                r.destination = "https://evil.example.com/saml";
                return r.base64();
            case "wrong-issuer":
                r.issuer = "https://evil.example.com/idp";
                return r.base64();
            case "status-not-success":
                r.status = "urn:oasis:names:tc:SAML:2.0:status:Requester";
                return r.base64();
            case "encrypted-assertion": {
                r.signAssertion = false;
                r.signResponse = true;
                Document d = r.document();
                Element original = SamlIdp.assertion(d);
                Element encrypted = d.createElementNS(NS_ASSERTION, "saml:EncryptedAssertion");
                original.getParentNode().replaceChild(encrypted, original);
                return SamlIdp.base64(d);
            }
            case "encrypted-gcm":
            case "required-encrypted":
            case "no-key-encrypted":
                r.encryptTo = SP.getPublic();
                return r.base64();
            case "encrypted-cbc":
                r.encryptTo = SP.getPublic();
                r.contentEncryption = SamlIdp.AES128_CBC;
                return r.base64();
            case "encrypted-oaep11-sha256":
                r.encryptTo = SP.getPublic();
                r.keyTransport = SamlIdp.RSA_OAEP_11;
                r.oaepDigest = "http://www.w3.org/2001/04/xmlenc#sha256";
                r.oaepMgf = SamlIdp.XENC11 + "mgf1sha256";
                return r.base64();
            case "encrypted-response-signed-only":
                r.encryptTo = SP.getPublic();
                r.signAssertion = false;
                r.signResponse = true;
                return r.base64();
            case "encrypted-unsigned":
                r.encryptTo = SP.getPublic();
                r.signAssertion = false;
                return r.base64();
            case "encrypted-modified-before-encryption":
                r.encryptTo = SP.getPublic();
                r.beforeEncryption = a -> nameIdIn(a).setTextContent("admin@example.com");
                return r.base64();
            case "encrypted-for-another-key":
                r.encryptTo = OTHER_SP.getPublic();
                return r.base64();
            case "encrypted-rsa-1_5":
                r.encryptTo = SP.getPublic();
                r.keyTransport = SamlIdp.RSA_1_5;
                return r.base64();
            case "encrypted-ciphertext-tampered": {
                r.encryptTo = SP.getPublic();
                Document d = r.document();
                List<Element> values = SamlIdp.elements(d, SamlIdp.XENC, "CipherValue");
                Element data = values.get(values.size() - 1); // the EncryptedData's (the key's comes first)
                byte[] bytes = java.util.Base64.getDecoder().decode(data.getTextContent());
                bytes[bytes.length / 2] ^= 1;
                data.setTextContent(java.util.Base64.getEncoder().encodeToString(bytes));
                return SamlIdp.base64(d);
            }
            case "encrypted-and-plain-assertion": {
                r.encryptTo = SP.getPublic();
                Document d = r.document();
                SamlIdp.Response plain = response(now);
                Element assertion = (Element) d.importNode(SamlIdp.assertion(plain.document()), true);
                d.getDocumentElement().appendChild(assertion);
                return SamlIdp.base64(d);
            }
            case "encrypted-ciphertext-swapped-under-signed-response": {
                r.encryptTo = SP.getPublic();
                r.signAssertion = false;
                r.signResponse = true;
                Document d = r.document();
                SamlIdp.Response evil = response(now);
                evil.subject = "admin@example.com";
                evil.signAssertion = false;
                evil.encryptTo = SP.getPublic(); // anyone can encrypt to the provider's public key
                Element swapped = (Element) d.importNode(SamlIdp.elements(evil.document(), NS_ASSERTION,
                        "EncryptedAssertion").get(0), true);
                Element original = SamlIdp.elements(d, NS_ASSERTION, "EncryptedAssertion").get(0);
                original.getParentNode().replaceChild(swapped, original);
                return SamlIdp.base64(d);
            }
            case "required-plain":
                return r.base64();
            case "not-a-response": {
                Document d = r.document();
                Element assertion = SamlIdp.assertion(d);
                d.replaceChild(assertion, d.getDocumentElement());
                return SamlIdp.base64(d);
            }
            case "not-base64":
                return "!!!!not base64!!!!";
            case "bad-session-name":
                r.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "a b");
                return r.base64();
            case "no-session-name":
                r.attributes.remove("https://aws.amazon.com/SAML/Attributes/RoleSessionName");
                return r.base64();
            case "bad-session-duration":
                r.attribute("https://aws.amazon.com/SAML/Attributes/SessionDuration", "60");
                return r.base64();
            default:
                throw new IllegalArgumentException("unknown variant " + name);
        }
    }

    /** A copy of the assertion without its signature, with another ID and subject. */
    private static Element evil(Element original, String id) {
        Element evil = (Element) original.cloneNode(true);
        Element sig = signatureOf(evil);
        if (sig != null) {
            evil.removeChild(sig);
        }
        evil.setAttribute("ID", id);
        nameIdIn(evil).setTextContent("admin@example.com");
        return evil;
    }

    private static Element nameId(Document d) {
        return nameIdIn(SamlIdp.assertion(d));
    }

    private static Element nameIdIn(Element e) {
        return (Element) e.getElementsByTagNameNS(NS_ASSERTION, "NameID").item(0);
    }

    private static Element issuer(Element e) {
        return child(e, NS_ASSERTION, "Issuer");
    }

    private static Element signatureOf(Element e) {
        return child(e, NS_DSIG, "Signature");
    }

    private static Element child(Element e, String ns, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && ns.equals(c.getNamespaceURI()) && name.equals(c.getLocalName())) {
                return c;
            }
        }
        return null;
    }

    @Test
    void theAwsAttributesAreRead() {
        Instant now = Instant.now();
        SamlIdp.Response r = response(now);
        r.roles(PROVIDER + "," + ROLE, ROLE + "2," + PROVIDER, "not a pair");
        r.attribute("https://aws.amazon.com/SAML/Attributes/SessionDuration", "1800");
        r.attribute("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team", "blue");
        r.attribute("https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys", "Team");
        r.attribute("https://aws.amazon.com/SAML/Attributes/SourceIdentity", "alice");
        r.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "staff", "member");
        SamlAssertion a = validate(r.base64(), now, "valid");
        SamlAwsAttributes attrs = SamlAwsAttributes.of(a);
        assertEquals(List.of(new SamlAwsAttributes.RolePair(ROLE, PROVIDER),
                new SamlAwsAttributes.RolePair(ROLE + "2", PROVIDER)), attrs.roles());
        assertEquals(1800, attrs.sessionDuration().orElseThrow());
        assertEquals(Map.of("Team", "blue"), attrs.sessionTags());
        assertEquals(List.of("Team"), attrs.transitiveTagKeys());
        assertEquals("alice", attrs.sourceIdentity().orElseThrow());
        assertEquals("persistent", a.subjectType());
        Map<String, List<String>> keys = SamlConditionKeys.of(a, "111111111111", "test-idp");
        assertEquals(List.of("staff", "member"), keys.get("saml:edupersonaffiliation"));
        assertEquals(List.of("111111111111/test-idp"), keys.get("saml:doc"));
        assertEquals(List.of(SamlIdp.AWS_SIGN_IN), keys.get("saml:aud"));
    }

    /** AWS's documented example: BASE64(SHA1("https://example.com/saml" + "123456789012" + "/MySAMLIdP")). */
    @Test
    void nameQualifierFollowsAwsFormula() throws Exception {
        SamlAssertion a = new SamlAssertion("https://example.com/saml", "s", "f", "r", "id", Instant.EPOCH,
                java.util.Optional.empty(), Map.of());
        byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                .digest("https://example.com/saml123456789012/MySAMLIdP".getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.Base64.getEncoder().encodeToString(sha1), a.nameQualifier("123456789012", "MySAMLIdP"));
    }

    @Test
    void metadataWithoutSigningCertificateIsRefused() {
        AwsException e = assertThrows(AwsException.class, () -> SamlMetadata.parse(
                "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">"
                        + "<md:IDPSSODescriptor/></md:EntityDescriptor>"));
        assertEquals("InvalidInput: Could not parse metadata", e.code().code() + ": " + e.getMessage());
    }
}

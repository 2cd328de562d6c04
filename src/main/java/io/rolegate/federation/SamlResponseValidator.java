package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a base64 SAML 2.0 Response against a provider's metadata with the JDK's XML DSig (README "SAML
 * federation"). The order matters: parse safely, refuse structure that signature wrapping needs (duplicate IDs, a
 * second or nested Assertion, signatures elsewhere), verify every signature on exactly the Response or Assertion
 * element that is then read, and only then read values, strictly, from that Assertion.
 *
 * <p>Signing policy: the Response, the Assertion or both may be signed (AWS accepts either); every signature present
 * must verify with a key of the metadata (never a key the message carries), use one Reference to its parent's ID with
 * only the enveloped-signature and (exclusive) canonicalization transforms, and SHA-256 or better unless SHA-1 is
 * allowed. Nothing unsigned is read.
 */
public final class SamlResponseValidator {
    public static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    private static final String EXC_C14N = CanonicalizationMethod.EXCLUSIVE;
    private static final Set<String> CANONICALIZATIONS = Set.of(EXC_C14N, CanonicalizationMethod.INCLUSIVE);
    private static final Set<String> TRANSFORMS = Set.of(Transform.ENVELOPED, EXC_C14N, CanonicalizationMethod.INCLUSIVE);
    private static final Set<String> STRONG_SIGNATURES = Set.of(SignatureMethod.RSA_SHA256, SignatureMethod.RSA_SHA384,
            SignatureMethod.RSA_SHA512, SignatureMethod.ECDSA_SHA256, SignatureMethod.ECDSA_SHA384,
            SignatureMethod.ECDSA_SHA512, "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1");
    private static final Set<String> SHA1_SIGNATURES = Set.of(SignatureMethod.RSA_SHA1, SignatureMethod.ECDSA_SHA1);
    private static final Set<String> STRONG_DIGESTS = Set.of("http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "http://www.w3.org/2001/04/xmlenc#sha512");
    private static final String SHA1_DIGEST = "http://www.w3.org/2000/09/xmldsig#sha1";

    /**
     * @param endpoints  the URLs assertions may be addressed to (Recipient, Destination, Audience): AWS's sign-in URL
     *                   and this gateway's own /saml endpoint
     * @param audiences  accepted Audience values besides the endpoints (AWS's {@code urn:amazon:webservices})
     * @param clockSkew  tolerated difference between the IdP's clock and ours
     * @param allowSha1  accept RSA/ECDSA-SHA1 signatures and SHA-1 digests (off by default)
     */
    public record Settings(Set<String> endpoints, Set<String> audiences, Duration clockSkew, boolean allowSha1) {
        public Settings {
            endpoints = Set.copyOf(endpoints);
            audiences = Set.copyOf(audiences);
        }
    }

    private final Settings settings;
    private final XMLSignatureFactory signatures = XMLSignatureFactory.getInstance("DOM");

    public SamlResponseValidator(Settings settings) {
        this.settings = settings;
    }

    /** Decodes the base64 SAMLAssertion parameter (whitespace tolerated, as IdPs wrap it). */
    public static byte[] decode(String samlAssertion) {
        try {
            return Base64.getMimeDecoder().decode(samlAssertion);
        } catch (IllegalArgumentException e) {
            throw SamlErrors.invalid(SamlErrors.NOT_BASE64);
        }
    }

    /** Parses and checks the structure; the issuer of the result names the provider whose keys must verify it. */
    public ParsedResponse parse(String samlAssertion) {
        byte[] xml = decode(samlAssertion);
        Document doc;
        try {
            doc = SecureXml.parse(xml);
        } catch (SAXException e) {
            throw SamlErrors.invalid(SamlErrors.NOT_XML);
        }
        Element response = doc.getDocumentElement();
        if (!SamlXml.is(response, SamlXml.PROTOCOL, "Response")) {
            throw SamlErrors.invalid(SamlErrors.NOT_A_RESPONSE);
        }
        requireUniqueIds(doc);
        if (doc.getElementsByTagNameNS(SamlXml.ASSERTION, "EncryptedAssertion").getLength() > 0) {
            return parseEncrypted(doc, response);
        }
        NodeList all = doc.getElementsByTagNameNS(SamlXml.ASSERTION, "Assertion");
        List<Element> direct = SamlXml.children(response, SamlXml.ASSERTION, "Assertion");
        if (all.getLength() != 1 || direct.size() != 1) {
            throw SamlErrors.invalid(SamlErrors.ONE_ASSERTION);
        }
        Element assertion = direct.get(0);
        Element responseSig = SamlXml.child(response, SamlXml.DSIG, "Signature");
        Element assertionSig = SamlXml.child(assertion, SamlXml.DSIG, "Signature");
        int expected = (responseSig == null ? 0 : 1) + (assertionSig == null ? 0 : 1);
        if (doc.getElementsByTagNameNS(SamlXml.DSIG, "Signature").getLength() != expected) {
            throw SamlErrors.invalid(SamlErrors.STRAY_SIGNATURE);
        }
        if (expected == 0) {
            throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
        }
        Element issuer = SamlXml.child(assertion, SamlXml.ASSERTION, "Issuer");
        if (issuer == null) {
            throw SamlErrors.invalid(SamlErrors.WRONG_ISSUER);
        }
        return new ParsedResponse(response, assertion, responseSig, assertionSig, SamlXml.text(issuer), null);
    }

    /**
     * A response with exactly one EncryptedAssertion, a child of the Response, and no plain Assertion; the only
     * signature allowed outside the ciphertext is the Response's own. Its Issuer names the provider.
     */
    private static ParsedResponse parseEncrypted(Document doc, Element response) {
        List<Element> direct = SamlXml.children(response, SamlXml.ASSERTION, "EncryptedAssertion");
        if (doc.getElementsByTagNameNS(SamlXml.ASSERTION, "EncryptedAssertion").getLength() != 1 || direct.size() != 1
                || doc.getElementsByTagNameNS(SamlXml.ASSERTION, "Assertion").getLength() != 0) {
            throw SamlErrors.invalid(SamlErrors.ONE_ASSERTION);
        }
        Element responseSig = SamlXml.child(response, SamlXml.DSIG, "Signature");
        if (doc.getElementsByTagNameNS(SamlXml.DSIG, "Signature").getLength() != (responseSig == null ? 0 : 1)) {
            throw SamlErrors.invalid(SamlErrors.STRAY_SIGNATURE);
        }
        Element issuer = SamlXml.child(response, SamlXml.ASSERTION, "Issuer");
        if (issuer == null) {
            throw SamlErrors.invalid(SamlErrors.WRONG_ISSUER);
        }
        return new ParsedResponse(response, null, responseSig, null, SamlXml.text(issuer), direct.get(0));
    }

    /**
     * Applies the provider's encryption setting: a plain response passes unless encryption is {@code required}; an
     * encrypted one is decrypted with the provider's private keys and its Assertion must then pass the same
     * structural checks as a plain one (one Assertion, unique IDs, no stray signature, the Response's Issuer). The
     * signatures are verified afterwards by {@link #verify}: the Response's over the ciphertext, the Assertion's on
     * the decrypted Assertion.
     */
    public ParsedResponse decrypt(ParsedResponse parsed, List<PrivateKey> keys, boolean required) {
        if (parsed.encryptedAssertion == null) {
            if (required) {
                throw SamlErrors.invalid(SamlErrors.ENCRYPTION_REQUIRED);
            }
            return parsed;
        }
        if (keys.isEmpty()) {
            throw SamlErrors.invalid(SamlErrors.ENCRYPTED);
        }
        Element assertion = SamlDecryption.decrypt(parsed.encryptedAssertion, keys);
        Document plain = assertion.getOwnerDocument();
        requireUniqueIds(parsed.response.getOwnerDocument(), plain);
        if (plain.getElementsByTagNameNS(SamlXml.ASSERTION, "Assertion").getLength() != 1
                || plain.getElementsByTagNameNS(SamlXml.ASSERTION, "EncryptedAssertion").getLength() != 0) {
            throw SamlErrors.invalid(SamlErrors.ONE_ASSERTION);
        }
        Element assertionSig = SamlXml.child(assertion, SamlXml.DSIG, "Signature");
        if (plain.getElementsByTagNameNS(SamlXml.DSIG, "Signature").getLength() != (assertionSig == null ? 0 : 1)) {
            throw SamlErrors.invalid(SamlErrors.STRAY_SIGNATURE);
        }
        if (assertionSig == null && parsed.responseSignature == null) {
            throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
        }
        Element issuer = SamlXml.child(assertion, SamlXml.ASSERTION, "Issuer");
        if (issuer == null || !SamlXml.text(issuer).equals(parsed.issuer)) {
            throw SamlErrors.invalid(SamlErrors.WRONG_ISSUER);
        }
        return new ParsedResponse(parsed.response, assertion, parsed.responseSignature, assertionSig, parsed.issuer,
                parsed.encryptedAssertion);
    }

    /** A structurally sound response, not yet verified: only {@link #issuer} may be used to find the provider. */
    public static final class ParsedResponse {
        private final Element response;
        private final Element assertion;
        private final Element responseSignature;
        private final Element assertionSignature;
        private final String issuer;
        private final Element encryptedAssertion;

        private ParsedResponse(Element response, Element assertion, Element responseSignature,
                               Element assertionSignature, String issuer, Element encryptedAssertion) {
            this.response = response;
            this.assertion = assertion;
            this.responseSignature = responseSignature;
            this.assertionSignature = assertionSignature;
            this.issuer = issuer;
            this.encryptedAssertion = encryptedAssertion;
        }

        /** Whether the assertion came encrypted (then {@link #decrypt} must run before {@link #verify}). */
        public boolean encrypted() {
            return encryptedAssertion != null;
        }

        public String issuer() {
            return issuer;
        }

        /**
         * An attribute's values before anything is verified: only to choose which providers to verify the response
         * against (the portal's IdP-initiated sign-in has no PrincipalArn), never to decide anything.
         */
        public List<String> unverifiedValues(String attributeName) {
            return assertion == null ? List.of() : attributes(assertion).getOrDefault(attributeName, List.of());
        }
    }

    /**
     * Verifies the signatures with the provider's keys, then the issuer, status, destination, subject confirmation,
     * conditions and audience at {@code now}, and reads the assertion.
     */
    public SamlAssertion verify(ParsedResponse parsed, SamlMetadata idp, Instant now) {
        if (parsed.assertion == null) {
            throw SamlErrors.invalid(SamlErrors.ENCRYPTED);
        }
        if (parsed.responseSignature != null) {
            verifySignature(parsed.responseSignature, parsed.response, idp.signingKeys());
        }
        if (parsed.assertionSignature != null) {
            verifySignature(parsed.assertionSignature, parsed.assertion, idp.signingKeys());
        }
        if (!parsed.issuer.equals(idp.entityId())) {
            throw SamlErrors.invalid(SamlErrors.WRONG_ISSUER);
        }
        Element response = parsed.response;
        Element assertion = parsed.assertion;
        requireSuccess(response);
        String destination = SamlXml.attribute(response, "Destination");
        if (destination != null && !settings.endpoints().contains(destination)) {
            throw SamlErrors.invalid(SamlErrors.WRONG_DESTINATION);
        }
        try {
            Element subject = SamlXml.child(assertion, SamlXml.ASSERTION, "Subject");
            Element nameId = subject == null ? null : SamlXml.child(subject, SamlXml.ASSERTION, "NameID");
            if (nameId == null) {
                throw SamlErrors.invalid(SamlErrors.NO_SUBJECT);
            }
            String subjectValue = SamlXml.text(nameId);
            if (subjectValue.isEmpty()) {
                throw SamlErrors.invalid(SamlErrors.NO_SUBJECT);
            }
            String format = SamlXml.attribute(nameId, "Format");
            Confirmation confirmation = bearer(subject, now);
            Instant conditionsEnd = checkConditions(assertion, now);
            Element authn = SamlXml.child(assertion, SamlXml.ASSERTION, "AuthnStatement");
            String sessionEnd = authn == null ? null : SamlXml.attribute(authn, "SessionNotOnOrAfter");
            Instant usableUntil = conditionsEnd == null || confirmation.notOnOrAfter().isAfter(conditionsEnd)
                    ? confirmation.notOnOrAfter() : conditionsEnd;
            return new SamlAssertion(parsed.issuer, subjectValue,
                    format == null ? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" : format,
                    confirmation.recipient(), SamlXml.attribute(assertion, "ID"), usableUntil.plus(settings.clockSkew()),
                    Optional.ofNullable(sessionEnd).map(SamlXml::instant), attributes(assertion));
        } catch (DateTimeParseException e) {
            throw SamlErrors.invalid(SamlErrors.BAD_DATE);
        }
    }

    private record Confirmation(String recipient, Instant notOnOrAfter) {
    }

    /** The first bearer confirmation addressed to us and valid now (AWS requires Recipient and NotOnOrAfter). */
    private Confirmation bearer(Element subject, Instant now) {
        AwsException problem = null;
        for (Element c : SamlXml.children(subject, SamlXml.ASSERTION, "SubjectConfirmation")) {
            Element data = SamlXml.child(c, SamlXml.ASSERTION, "SubjectConfirmationData");
            if (!BEARER.equals(SamlXml.attribute(c, "Method")) || data == null) {
                continue;
            }
            String recipient = SamlXml.attribute(data, "Recipient");
            String notOnOrAfter = SamlXml.attribute(data, "NotOnOrAfter");
            if (recipient == null || !settings.endpoints().contains(recipient) || notOnOrAfter == null) {
                continue;
            }
            Instant end = SamlXml.instant(notOnOrAfter);
            String notBefore = SamlXml.attribute(data, "NotBefore");
            if (notBefore != null && now.plus(settings.clockSkew()).isBefore(SamlXml.instant(notBefore))) {
                problem = SamlErrors.invalid(SamlErrors.NOT_YET_VALID);
                continue;
            }
            if (!now.minus(settings.clockSkew()).isBefore(end)) {
                problem = SamlErrors.expired(SamlErrors.EXPIRED);
                continue;
            }
            return new Confirmation(recipient, end);
        }
        throw problem != null ? problem : SamlErrors.invalid(SamlErrors.NO_BEARER);
    }

    /** NotBefore/NotOnOrAfter with the skew, and every AudienceRestriction must name us. Returns NotOnOrAfter. */
    private Instant checkConditions(Element assertion, Instant now) {
        Element conditions = SamlXml.child(assertion, SamlXml.ASSERTION, "Conditions");
        if (conditions == null) {
            return null;
        }
        String notBefore = SamlXml.attribute(conditions, "NotBefore");
        if (notBefore != null && now.plus(settings.clockSkew()).isBefore(SamlXml.instant(notBefore))) {
            throw SamlErrors.invalid(SamlErrors.NOT_YET_VALID);
        }
        String notOnOrAfter = SamlXml.attribute(conditions, "NotOnOrAfter");
        Instant end = notOnOrAfter == null ? null : SamlXml.instant(notOnOrAfter);
        if (end != null && !now.minus(settings.clockSkew()).isBefore(end)) {
            throw SamlErrors.expired(SamlErrors.EXPIRED);
        }
        for (Element restriction : SamlXml.children(conditions, SamlXml.ASSERTION, "AudienceRestriction")) {
            boolean ours = false;
            for (Element audience : SamlXml.children(restriction, SamlXml.ASSERTION, "Audience")) {
                String a = SamlXml.text(audience);
                ours |= settings.endpoints().contains(a) || settings.audiences().contains(a);
            }
            if (!ours) {
                throw SamlErrors.invalid(SamlErrors.WRONG_AUDIENCE);
            }
        }
        return end;
    }

    private static void requireSuccess(Element response) {
        Element status = SamlXml.child(response, SamlXml.PROTOCOL, "Status");
        Element code = status == null ? null : SamlXml.child(status, SamlXml.PROTOCOL, "StatusCode");
        if (code == null || !SUCCESS.equals(SamlXml.attribute(code, "Value"))) {
            throw new AwsException(ErrorCode.IDPRejectedClaim, SamlErrors.NOT_SUCCESS);
        }
    }

    /** Attribute Name -> values (text only), in document order, from every AttributeStatement. */
    private static Map<String, List<String>> attributes(Element assertion) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Element statement : SamlXml.children(assertion, SamlXml.ASSERTION, "AttributeStatement")) {
            for (Element attribute : SamlXml.children(statement, SamlXml.ASSERTION, "Attribute")) {
                String name = SamlXml.attribute(attribute, "Name");
                if (name == null) {
                    continue;
                }
                List<String> values = out.computeIfAbsent(name, k -> new ArrayList<>());
                for (Element value : SamlXml.children(attribute, SamlXml.ASSERTION, "AttributeValue")) {
                    values.add(SamlXml.text(value));
                }
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Verifies {@code signature}, a direct child of {@code signed}, against the metadata keys: exactly one Reference,
     * to {@code #<signed's ID>}, resolved to that element only (no other element is registered as an ID, and IDs
     * are unique), allowed transforms and algorithms only.
     */
    private void verifySignature(Element signature, Element signed, List<PublicKey> keys) {
        String id = SamlXml.attribute(signed, "ID");
        if (id == null || id.isEmpty()) {
            throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
        }
        for (PublicKey key : keys) {
            DOMValidateContext ctx = new DOMValidateContext(key, signature);
            ctx.setIdAttributeNS(signed, null, "ID");
            ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
            try {
                XMLSignature s = signatures.unmarshalXMLSignature(ctx);
                requireAllowed(s, id);
                if (s.validate(ctx)) {
                    return;
                }
            } catch (MarshalException | XMLSignatureException | ClassCastException e) {
                // malformed, or a key of another type than the signature: try the next key
            }
        }
        throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
    }

    private void requireAllowed(XMLSignature s, String id) {
        var info = s.getSignedInfo();
        String sigAlg = info.getSignatureMethod().getAlgorithm();
        boolean sigOk = STRONG_SIGNATURES.contains(sigAlg) || settings.allowSha1() && SHA1_SIGNATURES.contains(sigAlg);
        if (!sigOk || !CANONICALIZATIONS.contains(info.getCanonicalizationMethod().getAlgorithm())
                || info.getReferences().size() != 1) {
            throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
        }
        Reference ref = (Reference) info.getReferences().get(0);
        String digest = ref.getDigestMethod().getAlgorithm();
        boolean digestOk = STRONG_DIGESTS.contains(digest) || settings.allowSha1() && SHA1_DIGEST.equals(digest);
        if (!digestOk || !("#" + id).equals(ref.getURI())) {
            throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
        }
        boolean enveloped = false;
        for (Object t : ref.getTransforms()) {
            String alg = ((Transform) t).getAlgorithm();
            if (!TRANSFORMS.contains(alg)) {
                throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
            }
            enveloped |= Transform.ENVELOPED.equals(alg);
        }
        if (!enveloped) {
            throw SamlErrors.invalid(SamlErrors.SIGNATURE_INVALID);
        }
    }

    /** No two elements may carry the same ID (or Id / AssertionID): the reference would be ambiguous. */
    private static void requireUniqueIds(Document... docs) {
        Set<String> seen = new HashSet<>();
        for (Document doc : docs) {
            requireUniqueIds(doc, seen);
        }
    }

    private static void requireUniqueIds(Document doc, Set<String> seen) {
        NodeList elements = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < elements.getLength(); i++) {
            NamedNodeMap attrs = elements.item(i).getAttributes();
            for (int j = 0; j < attrs.getLength(); j++) {
                Node a = attrs.item(j);
                String name = a.getLocalName() == null ? a.getNodeName() : a.getLocalName();
                if ((name.equals("ID") || name.equals("Id") || name.equals("AssertionID") || name.equals("id"))
                        && !seen.add(a.getNodeValue())) {
                    throw SamlErrors.invalid(SamlErrors.DUPLICATE_ID);
                }
            }
        }
    }
}

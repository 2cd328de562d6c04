package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What a SAML provider's metadata document tells us: the IdP's entityID (the Issuer its assertions carry), the
 * certificates that sign them (KeyDescriptor of the IDPSSODescriptor with use "signing" or no use) and validUntil.
 * The root must be one EntityDescriptor with an IDPSSODescriptor; anything else is {@link #metadataError()}.
 */
public record SamlMetadata(String entityId, List<PublicKey> signingKeys, Optional<Instant> validUntil) {

    /** IAM's error for metadata it cannot use. */
    public static AwsException metadataError() {
        return new AwsException(ErrorCode.InvalidInput, SamlErrors.METADATA_UNPARSABLE);
    }

    public static SamlMetadata parse(String document) {
        Element root;
        try {
            root = SecureXml.parse(document).getDocumentElement();
        } catch (SAXException e) {
            throw metadataError();
        }
        if (!SamlXml.is(root, SamlXml.METADATA, "EntityDescriptor")) {
            throw metadataError();
        }
        String entityId = SamlXml.attribute(root, "entityID");
        List<Element> idps = SamlXml.children(root, SamlXml.METADATA, "IDPSSODescriptor");
        if (entityId == null || entityId.isBlank() || idps.size() != 1) {
            throw metadataError();
        }
        List<PublicKey> keys = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Element kd : SamlXml.children(idps.get(0), SamlXml.METADATA, "KeyDescriptor")) {
                String use = SamlXml.attribute(kd, "use");
                if (use != null && !use.equals("signing")) {
                    continue;
                }
                for (Element cert : certificates(kd)) {
                    byte[] der = Base64.getMimeDecoder().decode(cert.getTextContent());
                    X509Certificate x = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
                    keys.add(x.getPublicKey());
                }
            }
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            throw metadataError();
        }
        if (keys.isEmpty()) {
            throw metadataError();
        }
        return new SamlMetadata(entityId, List.copyOf(keys), validUntil(root));
    }

    private static List<Element> certificates(Element keyDescriptor) {
        List<Element> out = new ArrayList<>();
        for (Element keyInfo : SamlXml.children(keyDescriptor, SamlXml.DSIG, "KeyInfo")) {
            for (Element data : SamlXml.children(keyInfo, SamlXml.DSIG, "X509Data")) {
                out.addAll(SamlXml.children(data, SamlXml.DSIG, "X509Certificate"));
            }
        }
        return out;
    }

    private static Optional<Instant> validUntil(Element root) {
        String v = SamlXml.attribute(root, "validUntil");
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SamlXml.instant(v));
        } catch (DateTimeParseException e) {
            throw metadataError();
        }
    }
}

package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decryption of a SAML {@code EncryptedAssertion} (XML Encryption 1.1) with a provider's private keys: RSA-OAEP key
 * transport (rsa-oaep-mgf1p, or xmlenc11 rsa-oaep with its digest and MGF) of an AES-GCM or AES-CBC content key.
 * RSA 1.5 key transport and anything else are refused. Every failure answers the same (no padding oracle); the
 * decrypted Assertion is then parsed safely and validated (signature included) exactly as a plain one.
 *
 * <p>The private keys are RSA keys in PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"), parsed with
 * BouncyCastle; at rest they are kept as PKCS#8 DER in base64, sealed.
 */
public final class SamlDecryption {
    static final String XENC = "http://www.w3.org/2001/04/xmlenc#";
    static final String XENC11 = "http://www.w3.org/2009/xmlenc11#";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    private static final Map<String, Integer> CBC = Map.of(XENC + "aes128-cbc", 16, XENC + "aes192-cbc", 24,
            XENC + "aes256-cbc", 32);
    private static final Map<String, Integer> GCM = Map.of(XENC11 + "aes128-gcm", 16, XENC11 + "aes192-gcm", 24,
            XENC11 + "aes256-gcm", 32);
    private static final Map<String, String> DIGESTS = Map.of("http://www.w3.org/2000/09/xmldsig#sha1", "SHA-1",
            "http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256", "http://www.w3.org/2001/04/xmldsig-more#sha384",
            "SHA-384", "http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512");
    private static final Map<String, String> MGFS = Map.of(XENC11 + "mgf1sha1", "SHA-1", XENC11 + "mgf1sha256",
            "SHA-256", XENC11 + "mgf1sha384", "SHA-384", XENC11 + "mgf1sha512", "SHA-512");

    private SamlDecryption() {
    }

    /** A private key from PEM; IAM's InvalidInput (ours: {@link SamlErrors#PRIVATE_KEY_UNPARSABLE}) otherwise. */
    public static PrivateKey parsePem(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            if (parser.readObject() != null) {
                throw privateKeyError();
            }
            PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                    : o instanceof PrivateKeyInfo i ? i : null;
            if (info == null) {
                throw privateKeyError();
            }
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
            if (!(key instanceof RSAPrivateKey rsa) || rsa.getModulus().bitLength() < 2048) {
                throw privateKeyError();
            }
            return key;
        } catch (IOException | RuntimeException e) {
            if (e instanceof AwsException a) {
                throw a;
            }
            throw privateKeyError();
        }
    }

    private static AwsException privateKeyError() {
        return new AwsException(ErrorCode.InvalidInput,
                SamlErrors.PRIVATE_KEY_UNPARSABLE);
    }

    /** What is sealed at rest: PKCS#8 DER, base64. */
    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey decode(String pkcs8Base64) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(pkcs8Base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored SAML private key does not decode", e);
        }
    }

    /**
     * IAM's KeyId of a provider's private key: 32 characters [A-Z2-7], the base32 of the first 20 bytes of SHA-256
     * over the provider ARN and the key, so the same key is the same id (and cannot be added twice).
     */
    public static String keyId(String providerArn, PrivateKey key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(providerArn.getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            byte[] h = Arrays.copyOf(d.digest(key.getEncoded()), 20);
            return base32(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] b) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : b) {
            buffer = (buffer << 8) | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }

    /**
     * The Assertion inside {@code encryptedAssertion}, decrypted with the first key that opens its content key, as
     * the root of a new, safely parsed document. Any failure: {@link SamlErrors#DECRYPTION_FAILED}.
     */
    static Element decrypt(Element encryptedAssertion, List<PrivateKey> keys) {
        List<Element> data = SamlXml.children(encryptedAssertion, XENC, "EncryptedData");
        if (data.size() != 1 || keys.isEmpty()) {
            throw SamlErrors.invalid(SamlErrors.DECRYPTION_FAILED);
        }
        Element encryptedData = data.get(0);
        Element method = SamlXml.child(encryptedData, XENC, "EncryptionMethod");
        String algorithm = method == null ? null : SamlXml.attribute(method, "Algorithm");
        Integer keyLength = algorithm == null ? null : GCM.containsKey(algorithm) ? GCM.get(algorithm) : CBC.get(algorithm);
        if (keyLength == null) {
            throw SamlErrors.invalid(SamlErrors.DECRYPTION_FAILED);
        }
        byte[] cipherText = cipherValue(encryptedData);
        List<Element> encryptedKeys = encryptedKeys(encryptedAssertion);
        for (Element encryptedKey : encryptedKeys) {
            for (PrivateKey key : keys) {
                byte[] contentKey = unwrap(encryptedKey, key);
                if (contentKey == null || contentKey.length != keyLength) {
                    continue;
                }
                byte[] plain = decryptContent(algorithm, contentKey, cipherText);
                if (plain == null) {
                    continue;
                }
                Element assertion = parsePlain(plain, encryptedAssertion);
                if (assertion == null) {
                    throw SamlErrors.invalid(SamlErrors.DECRYPTION_FAILED);
                }
                return assertion;
            }
        }
        throw SamlErrors.invalid(SamlErrors.DECRYPTION_FAILED);
    }

    /**
     * The decrypted Assertion, safely parsed: on its own, or, when it uses prefixes declared on the Response (XML
     * Encryption encrypts an element in its context), inside a wrapper element carrying the namespace declarations
     * in scope at the EncryptedAssertion; the wrapper must then hold that one Assertion and nothing else. Null when
     * it is neither.
     */
    private static Element parsePlain(byte[] plain, Element context) {
        try {
            Element root = SecureXml.parse(plain).getDocumentElement();
            return SamlXml.is(root, SamlXml.ASSERTION, "Assertion") ? root : null;
        } catch (SAXException e) {
            // perhaps an undeclared prefix: below
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        if (text.startsWith("<?xml")) {
            return null;
        }
        StringBuilder wrapped = new StringBuilder("<wrapper");
        Set<String> declared = new HashSet<>();
        for (Node n = context; n instanceof Element e; n = e.getParentNode()) {
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Node a = attributes.item(i);
                if (XMLNS.equals(a.getNamespaceURI()) && declared.add(a.getNodeName())) {
                    wrapped.append(' ').append(a.getNodeName()).append("=\"").append(a.getNodeValue()
                            .replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;")).append('"');
                }
            }
        }
        wrapped.append('>').append(text).append("</wrapper>");
        try {
            Element wrapper = SecureXml.parse(wrapped.toString()).getDocumentElement();
            Element only = null;
            for (Node c = wrapper.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e && only == null) {
                    only = e;
                } else if (c.getNodeType() != Node.TEXT_NODE || !c.getNodeValue().isBlank()) {
                    return null;
                }
            }
            return only != null && SamlXml.is(only, SamlXml.ASSERTION, "Assertion") ? only : null;
        } catch (SAXException e) {
            return null;
        }
    }

    /** EncryptedKey in the EncryptedData's KeyInfo (Keycloak) or beside the EncryptedData (Shibboleth, ADFS). */
    private static List<Element> encryptedKeys(Element encryptedAssertion) {
        List<Element> out = new java.util.ArrayList<>(SamlXml.children(encryptedAssertion, XENC, "EncryptedKey"));
        Element data = SamlXml.child(encryptedAssertion, XENC, "EncryptedData");
        Element keyInfo = SamlXml.child(data, SamlXml.DSIG, "KeyInfo");
        if (keyInfo != null) {
            out.addAll(SamlXml.children(keyInfo, XENC, "EncryptedKey"));
        }
        return out;
    }

    private static byte[] cipherValue(Element e) {
        Element cipherData = SamlXml.child(e, XENC, "CipherData");
        Element value = cipherData == null ? null : SamlXml.child(cipherData, XENC, "CipherValue");
        if (value == null) {
            throw SamlErrors.invalid(SamlErrors.DECRYPTION_FAILED);
        }
        try {
            return Base64.getMimeDecoder().decode(value.getTextContent().strip());
        } catch (IllegalArgumentException ex) {
            throw SamlErrors.invalid(SamlErrors.DECRYPTION_FAILED);
        }
    }

    /** The content key, or null when this key cannot open it (or the transport is not RSA-OAEP). */
    private static byte[] unwrap(Element encryptedKey, PrivateKey key) {
        Element method = SamlXml.child(encryptedKey, XENC, "EncryptionMethod");
        String algorithm = method == null ? null : SamlXml.attribute(method, "Algorithm");
        if (algorithm == null || SamlXml.child(method, XENC, "OAEPparams") != null) {
            return null;
        }
        Element digestMethod = SamlXml.child(method, SamlXml.DSIG, "DigestMethod");
        String digest = digestMethod == null ? "SHA-1" : DIGESTS.get(SamlXml.attribute(digestMethod, "Algorithm"));
        String mgf;
        if (algorithm.equals(XENC + "rsa-oaep-mgf1p")) {
            mgf = "SHA-1";
        } else if (algorithm.equals(XENC11 + "rsa-oaep")) {
            Element mgfElement = SamlXml.child(method, XENC11, "MGF");
            mgf = mgfElement == null ? "SHA-1" : MGFS.get(SamlXml.attribute(mgfElement, "Algorithm"));
        } else {
            return null;
        }
        if (digest == null || mgf == null) {
            return null;
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, key, new OAEPParameterSpec(digest, "MGF1", new MGF1ParameterSpec(mgf),
                    PSource.PSpecified.DEFAULT));
            return rsa.doFinal(cipherValue(encryptedKey));
        } catch (GeneralSecurityException | AwsException e) {
            return null;
        }
    }

    /** AES-GCM (12-byte IV, 128-bit tag) or AES-CBC (16-byte IV, XML Encryption's padding); null on failure. */
    private static byte[] decryptContent(String algorithm, byte[] key, byte[] cipherText) {
        try {
            SecretKeySpec aes = new SecretKeySpec(key, "AES");
            if (GCM.containsKey(algorithm)) {
                if (cipherText.length < 12 + 16) {
                    return null;
                }
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, cipherText, 0, 12));
                return c.doFinal(cipherText, 12, cipherText.length - 12);
            }
            if (cipherText.length < 32 || cipherText.length % 16 != 0) {
                return null;
            }
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(cipherText, 0, 16));
            byte[] padded = c.doFinal(cipherText, 16, cipherText.length - 16);
            int pad = padded[padded.length - 1] & 0xff;
            return pad < 1 || pad > 16 ? null : Arrays.copyOf(padded, padded.length - pad);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}

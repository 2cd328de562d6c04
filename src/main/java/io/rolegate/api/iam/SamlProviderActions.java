package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.federation.SamlDecryption;
import io.rolegate.federation.SamlMetadata;
import io.rolegate.iam.SamlProviderService;
import io.rolegate.model.Arns;
import io.rolegate.model.SamlPrivateKey;
import io.rolegate.model.SamlProvider;
import io.rolegate.model.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Create/Get/Update/Delete/ListSAMLProviders and Tag/Untag/ListSAMLProviderTags (shapes: botocore's IAM model). The
 * metadata document is parsed here with federation's parser (IAM answers InvalidInput "Could not parse metadata"),
 * so only usable metadata is stored. Encrypted assertions: AssertionEncryptionMode (Required | Allowed) and
 * AddPrivateKey / RemovePrivateKey (an RSA key in PEM, parsed here with federation's parser, sealed by iam; at most
 * two), PrivateKeyList (KeyId, Timestamp) in GetSAMLProvider: README "SAML federation".
 */
@ApplicationScoped
public class SamlProviderActions implements ActionFamily {
    private static final String ARN = "SAMLProviderArn";
    private static final String ARN_MEMBER = "sAMLProviderArn";
    private static final Pattern NAME = Pattern.compile("[\\w._-]+");
    private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]+");
    private static final Pattern MODE = Pattern.compile(SamlProvider.REQUIRED + "|" + SamlProvider.ALLOWED);

    @Inject
    SamlProviderService providers;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateSAMLProvider", r -> Arns.samlProvider(r.accountId(), r.param("Name") == null ? "" : r.param("Name")),
                this::create);
        t.iam("GetSAMLProvider", SamlProviderActions::target, this::get);
        t.iam("UpdateSAMLProvider", SamlProviderActions::target, this::update);
        t.iam("DeleteSAMLProvider", SamlProviderActions::target, this::delete);
        t.iam("ListSAMLProviders", r -> Arns.samlProvider(r.accountId(), "*"), this::list);
        t.iam("TagSAMLProvider", SamlProviderActions::target, this::tag);
        t.iam("UntagSAMLProvider", SamlProviderActions::target, this::untag);
        t.iam("ListSAMLProviderTags", SamlProviderActions::target, this::listTags);
    }

    private static String target(ApiRequest r) {
        String arn = r.param(ARN);
        return arn == null ? Arns.samlProvider(r.accountId(), "") : arn;
    }

    private static String arn(ApiRequest r, Validation v) {
        String arn = r.param(ARN);
        v.string(arn, ARN_MEMBER, true, 20, 2048, null);
        return arn;
    }

    private static void metadata(ApiRequest r, Validation v, boolean required) {
        v.string(r.param("SAMLMetadataDocument"), "sAMLMetadataDocument", required, 1000, 10_000_000, null);
    }

    /** AssertionEncryptionMode and AddPrivateKey (never echoed); RemovePrivateKey only where {@code update}. */
    private static void encryption(ApiRequest r, Validation v, boolean update) {
        String mode = r.param("AssertionEncryptionMode");
        if (mode != null && !MODE.matcher(mode).matches()) {
            v.fail(mode, "assertionEncryptionMode", "Member must satisfy enum value set: [Required, Allowed]");
        }
        v.secret(r.param("AddPrivateKey"), "addPrivateKey", false, 1, 16_384);
        if (update) {
            v.string(r.param("RemovePrivateKey"), "removePrivateKey", false, 22, 64, KEY_ID);
        }
    }

    /** The key to add, parsed (InvalidInput when it is not an RSA private key in PEM), or null. */
    private static SamlProviderService.NewPrivateKey newKey(ApiRequest r, String providerArn) {
        String pem = r.param("AddPrivateKey");
        if (pem == null) {
            return null;
        }
        PrivateKey key = SamlDecryption.parsePem(pem);
        return new SamlProviderService.NewPrivateKey(SamlDecryption.keyId(providerArn, key), SamlDecryption.encode(key));
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        metadata(r, v, true);
        v.string(r.param("Name"), "name", true, 1, 128, NAME);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        encryption(r, v, false);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        String document = r.param("SAMLMetadataDocument");
        SamlMetadata parsed = SamlMetadata.parse(document);
        SamlProvider p = providers.create(r.accountId(), r.param("Name"), document, parsed.validUntil(), tags,
                r.param("AssertionEncryptionMode"), newKey(r, Arns.samlProvider(r.accountId(), r.param("Name"))));
        Result out = Result.of().put(ARN, p.arn());
        if (!tags.isEmpty()) {
            out.list("Tags", MemberShapes.tagList(tags));
        }
        return out;
    }

    private Result get(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        r.validated(v);
        SamlProvider p = providers.get(r.accountId(), arn);
        List<Tag> tags = providers.tags(r.accountId(), arn);
        Result out = Result.of().put("SAMLMetadataDocument", p.metadata()).put("CreateDate", p.created())
                .put("ValidUntil", p.validUntil().orElse(null));
        if (!tags.isEmpty()) {
            out.list("Tags", MemberShapes.tagList(tags));
        }
        out.put("AssertionEncryptionMode", p.encryptionMode());
        List<SamlPrivateKey> keys = providers.privateKeys(r.accountId(), arn);
        if (!keys.isEmpty()) {
            out.list("PrivateKeyList", keys.stream()
                    .map(k -> Result.of().put("KeyId", k.keyId()).put("Timestamp", k.created())).toList());
        }
        return out;
    }

    private Result update(ApiRequest r) {
        Validation v = new Validation();
        metadata(r, v, false);
        String arn = arn(r, v);
        encryption(r, v, true);
        r.validated(v);
        String document = r.param("SAMLMetadataDocument");
        Optional<Instant> validUntil = document == null ? Optional.empty() : SamlMetadata.parse(document).validUntil();
        return Result.of().put(ARN, providers.update(r.accountId(), arn, document, validUntil,
                r.param("AssertionEncryptionMode"), newKey(r, arn), r.param("RemovePrivateKey")).arn());
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        r.validated(v);
        providers.delete(r.accountId(), arn);
        return null;
    }

    private Result list(ApiRequest r) {
        r.validated(new Validation()); // no members
        return Result.of().list("SAMLProviderList", providers.list(r.accountId()).stream()
                .map(p -> Result.of().put("Arn", p.arn()).put("ValidUntil", p.validUntil().orElse(null))
                        .put("CreateDate", p.created()))
                .toList());
    }

    private Result tag(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        List<Tag> tags = MemberShapes.requiredTags(r.params(), v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        providers.tag(r.accountId(), arn, tags);
        return null;
    }

    private Result untag(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        List<String> keys = MemberShapes.requiredTagKeys(r.params(), v);
        r.validated(v, r.facts().withTagKeys(keys));
        providers.untag(r.accountId(), arn, keys);
        return null;
    }

    private Result listTags(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        MemberShapes.Paging paging = MemberShapes.paging(r.params(), v);
        r.validated(v);
        return MemberShapes.tagPage(providers.tags(r.accountId(), arn), paging);
    }
}

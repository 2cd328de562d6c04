package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Result;
import io.rolegate.api.Validation;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.SamlMetadata;
import io.rolegate.iam.SamlProviderService;
import io.rolegate.model.Arns;
import io.rolegate.model.SamlProvider;
import io.rolegate.model.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Create/Get/Update/Delete/ListSAMLProviders and Tag/Untag/ListSAMLProviderTags (shapes: botocore's IAM model). The
 * metadata document is parsed here with federation's parser (IAM answers InvalidInput "Could not parse metadata"),
 * so only usable metadata is stored. Encrypted assertions (AssertionEncryptionMode, AddPrivateKey, RemovePrivateKey)
 * are refused: README "SAML federation".
 */
@ApplicationScoped
public class SamlProviderActions implements ActionFamily {
    private static final String ARN = "SAMLProviderArn";
    private static final String ARN_MEMBER = "sAMLProviderArn";
    private static final Pattern NAME = Pattern.compile("[\\w._-]+");
    /** Ours: the gateway does not decrypt assertions. */
    static final String NO_ENCRYPTION = "Encrypted SAML assertions are not supported by this gateway: "
            + "AssertionEncryptionMode, AddPrivateKey and RemovePrivateKey cannot be used";

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

    private static void noEncryption(ApiRequest r) {
        if (r.param("AssertionEncryptionMode") != null || r.param("AddPrivateKey") != null
                || r.param("RemovePrivateKey") != null) {
            throw new AwsException(ErrorCode.InvalidInput, NO_ENCRYPTION);
        }
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        metadata(r, v, true);
        v.string(r.param("Name"), "name", true, 1, 128, NAME);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        noEncryption(r);
        String document = r.param("SAMLMetadataDocument");
        SamlMetadata parsed = SamlMetadata.parse(document);
        SamlProvider p = providers.create(r.accountId(), r.param("Name"), document, parsed.validUntil(), tags);
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
        return out;
    }

    private Result update(ApiRequest r) {
        Validation v = new Validation();
        metadata(r, v, false);
        String arn = arn(r, v);
        r.validated(v);
        noEncryption(r);
        String document = r.param("SAMLMetadataDocument");
        if (document == null) {
            providers.get(r.accountId(), arn); // nothing to change, but the provider must exist
            return Result.of().put(ARN, arn);
        }
        SamlMetadata parsed = SamlMetadata.parse(document);
        return Result.of().put(ARN, providers.update(r.accountId(), arn, document, parsed.validUntil()).arn());
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
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        if (r.params().structs("Tags", "Key", "Value").isEmpty()) {
            v.fail(null, "tags", "Member must not be null");
        }
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        providers.tag(r.accountId(), arn, tags);
        return null;
    }

    private Result untag(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        List<String> keys = MemberShapes.tagKeys(r.params(), "TagKeys", "tagKeys", v);
        if (keys.isEmpty()) {
            v.fail(null, "tagKeys", "Member must not be null");
        }
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

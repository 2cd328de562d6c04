package io.rolegate.api.iam;

import io.rolegate.api.ActionFamily;
import io.rolegate.api.ActionTable;
import io.rolegate.api.ApiRequest;
import io.rolegate.api.Result;
import io.rolegate.api.MemberShapes;
import io.rolegate.api.Validation;
import io.rolegate.model.Arns;
import io.rolegate.model.OidcProvider;
import io.rolegate.iam.OidcProviderService;
import io.rolegate.iam.OidcSignInService;
import io.rolegate.model.OidcSignIn;
import io.rolegate.model.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Create/Get/List/Delete OpenIDConnectProvider, Add/RemoveClientID, UpdateOpenIDConnectProviderThumbprint,
 * Tag/Untag/ListOpenIDConnectProviderTags (shapes: botocore's IAM model, docs/aws-behaviour.md §0; rules:
 * docs/aws-behaviour.md §6.1).
 */
@ApplicationScoped
public class OidcProviderActions implements ActionFamily {
    private static final String ARN = "OpenIDConnectProviderArn";
    private static final String ARN_MEMBER = "openIDConnectProviderArn";

    @Inject
    OidcProviderService providers;
    @Inject
    OidcSignInService signIns;

    @Override
    public void register(ActionTable t) {
        t.iam("CreateOpenIDConnectProvider", r -> Arns.oidcProvider(r.accountId(), withoutScheme(r.param("Url"))), this::create);
        t.iam("GetOpenIDConnectProvider", OidcProviderActions::target, this::get);
        t.iam("ListOpenIDConnectProviders", r -> Arns.oidcProvider(r.accountId(), "*"), this::list);
        t.iam("DeleteOpenIDConnectProvider", OidcProviderActions::target, this::delete);
        t.iam("AddClientIDToOpenIDConnectProvider", OidcProviderActions::target, this::addClientId);
        t.iam("RemoveClientIDFromOpenIDConnectProvider", OidcProviderActions::target, this::removeClientId);
        t.iam("UpdateOpenIDConnectProviderThumbprint", OidcProviderActions::target, this::updateThumbprints);
        t.iam("TagOpenIDConnectProvider", OidcProviderActions::target, this::tag);
        t.iam("UntagOpenIDConnectProvider", OidcProviderActions::target, this::untag);
        t.iam("ListOpenIDConnectProviderTags", OidcProviderActions::target, this::listTags);
        // ours: sign-in of people through the provider (the SSO portal; README "SSO login")
        t.iam("PutOpenIDConnectProviderSignIn", OidcProviderActions::target, this::putSignIn);
        t.iam("GetOpenIDConnectProviderSignIn", OidcProviderActions::target, this::getSignIn);
        t.iam("DeleteOpenIDConnectProviderSignIn", OidcProviderActions::target, this::deleteSignIn);
    }

    private static String withoutScheme(String url) {
        if (url == null) {
            return "";
        }
        return url.replaceFirst("^https?://", "");
    }

    /** The ARN in the request is the resource (the service answers NoSuchEntity for other accounts' providers). */
    private static String target(ApiRequest r) {
        String arn = r.param(ARN);
        return arn == null ? Arns.oidcProvider(r.accountId(), "") : arn;
    }

    private static String arn(ApiRequest r, Validation v) {
        String arn = r.param(ARN);
        v.string(arn, ARN_MEMBER, true, 20, 2048, null);
        return arn;
    }

    /** A list of strings of fixed length bounds, reported as AWS reports list members. */
    private static List<String> strings(ApiRequest r, String name, String member, int min, int max, Validation v) {
        List<String> values = r.params().list(name);
        List<String> problems = new ArrayList<>();
        for (String s : values) {
            int len = s.codePointCount(0, s.length());
            if (len > max && !problems.contains("Member must have length less than or equal to " + max)) {
                problems.add("Member must have length less than or equal to " + max);
            }
            if (len < min && !problems.contains("Member must have length greater than or equal to " + min)) {
                problems.add("Member must have length greater than or equal to " + min);
            }
        }
        if (!problems.isEmpty()) {
            v.fail(values.toString().replace(", ", ","), member, "Member must satisfy constraint: [" + String.join(", ", problems) + "]");
        }
        return values;
    }

    private Result create(ApiRequest r) {
        Validation v = new Validation();
        String url = r.param("Url");
        v.string(url, "url", true, 1, 255, null);
        List<String> clientIds = strings(r, "ClientIDList", "clientIDList", 1, 255, v);
        List<String> thumbprints = strings(r, "ThumbprintList", "thumbprintList", 40, 40, v);
        List<Tag> tags = MemberShapes.tags(r.params(), "Tags", "tags", v);
        r.validated(v, MemberShapes.withRequestTags(r, tags));
        OidcProvider p = providers.create(r.accountId(), url, clientIds, thumbprints, tags);
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
        OidcProvider p = providers.get(r.accountId(), arn);
        List<Tag> tags = providers.tags(r.accountId(), arn);
        Result out = Result.of().put("Url", p.url()).list("ClientIDList", p.clientIds())
                .list("ThumbprintList", p.thumbprints()).put("CreateDate", p.created());
        if (!tags.isEmpty()) {
            out.list("Tags", MemberShapes.tagList(tags));
        }
        return out;
    }

    private Result list(ApiRequest r) {
        r.validated(new Validation()); // no members
        return Result.of().list("OpenIDConnectProviderList",
                providers.list(r.accountId()).stream().map(p -> Result.of().put("Arn", p.arn())).toList());
    }

    private Result delete(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        r.validated(v);
        providers.delete(r.accountId(), arn);
        return null;
    }

    private Result addClientId(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        v.string(r.param("ClientID"), "clientID", true, 1, 255, null);
        r.validated(v);
        providers.addClientId(r.accountId(), arn, r.param("ClientID"));
        return null;
    }

    private Result removeClientId(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        v.string(r.param("ClientID"), "clientID", true, 1, 255, null);
        r.validated(v);
        providers.removeClientId(r.accountId(), arn, r.param("ClientID"));
        return null;
    }

    private Result updateThumbprints(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        List<String> thumbprints = strings(r, "ThumbprintList", "thumbprintList", 40, 40, v);
        if (thumbprints.isEmpty() && !r.params().has("ThumbprintList")) {
            v.fail(null, "thumbprintList", "Member must not be null");
        }
        r.validated(v);
        providers.updateThumbprints(r.accountId(), arn, thumbprints);
        return null;
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

    /** OpenIDConnectProviderArn, ClientID (in the provider's ClientIDList), ClientSecret, Scopes.member.N. */
    private Result putSignIn(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        v.string(r.param("ClientID"), "clientID", true, 1, 255, null);
        v.string(r.param("ClientSecret"), "clientSecret", true, 1, 1024, null);
        List<String> scopes = strings(r, "Scopes", "scopes", 1, 128, v);
        r.validated(v);
        signIns.put(r.accountId(), arn, r.param("ClientID"), r.param("ClientSecret"), scopes);
        return null;
    }

    /** Everything but the secret. */
    private Result getSignIn(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        r.validated(v);
        OidcSignIn s = signIns.get(r.accountId(), arn);
        return Result.of().put("ClientID", s.clientId()).list("Scopes", s.scopes()).put("UpdateDate", s.updated());
    }

    private Result deleteSignIn(ApiRequest r) {
        Validation v = new Validation();
        String arn = arn(r, v);
        r.validated(v);
        signIns.delete(r.accountId(), arn);
        return null;
    }
}

package io.rolegate.sso;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which portal sign-in an AWS start URL means. The start URL is never contacted; it only names a sign-in by its key
 * (the 16 hex digits of /portal/sso/&lt;key&gt;) anywhere in it: as the first label of the host
 * ({@code https://<key>.awsapps.com/start}, the only form AWS CLI 2.35+ accepts) or as a path segment
 * ({@code http://gateway:8080/portal/sso/<key>}). When exactly one sign-in exists, every start URL means it.
 */
public final class StartUrls {
    private StartUrls() {
    }

    public static Optional<String> signInKey(String startUrl, List<String> keys) {
        if (startUrl != null && startUrl.length() <= 2048) {
            for (String part : parts(startUrl)) {
                if (keys.contains(part)) {
                    return Optional.of(part);
                }
            }
        }
        return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
    }

    private static List<String> parts(String startUrl) {
        try {
            URI uri = URI.create(startUrl.trim());
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            String path = uri.getPath() == null ? "" : uri.getPath().toLowerCase(Locale.ROOT);
            List<String> out = new java.util.ArrayList<>(List.of(host.split("\\.")));
            out.addAll(List.of(path.split("/")));
            return out;
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}

package io.rolegate.policy;

import java.util.List;

/** A compiled Resource / NotResource list; templates may hold policy variables (Version 2012-10-17). */
final class ResourceSpec {
    private final Template[] templates;
    private final int[][] staticColons;
    /** Literal text before the first wildcard of static patterns: a cheap way to reject most resources. */
    private final String[] staticPrefixes;
    private final String[] staticSuffixes;
    private final boolean matchAll;

    ResourceSpec(List<String> resources, boolean variables) {
        templates = new Template[resources.size()];
        staticColons = new int[resources.size()][];
        staticPrefixes = new String[resources.size()];
        staticSuffixes = new String[resources.size()];
        boolean all = false;
        for (int i = 0; i < templates.length; i++) {
            templates[i] = Template.parse(resources.get(i), variables);
            if (!templates[i].hasVars()) {
                int[] g = templates[i].glob(null);
                staticColons[i] = ArnGlob.upTo5(g);
                staticPrefixes[i] = Glob.literalPrefix(g);
                staticSuffixes[i] = Glob.literalSuffix(g);
                all |= Glob.isMatchAll(g);
            }
        }
        matchAll = all;
    }

    boolean matches(String resource, int[] resourceColons, RequestContext ctx) {
        if (matchAll) {
            return true;
        }
        for (int i = 0; i < templates.length; i++) {
            Template t = templates[i];
            String prefix = staticPrefixes[i];
            if (prefix != null && (!resource.startsWith(prefix) || !resource.endsWith(staticSuffixes[i]))) {
                continue;
            }
            int[] g = t.glob(ctx);
            if (g == null) {
                continue; // absent variable: this entry matches nothing
            }
            int[] cols = t.hasVars() ? ArnGlob.upTo5(g) : staticColons[i];
            if (ArnGlob.matchResource(g, cols, resource, resourceColons)) {
                return true;
            }
        }
        return false;
    }
}

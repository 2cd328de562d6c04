package io.rolegate.api.iam;

import io.rolegate.api.Result;
import io.rolegate.api.Shapes;
import io.rolegate.iam.Markers;
import io.rolegate.iam.Page;
import io.rolegate.iam.Tag;

import java.util.List;

/** List*Tags answers: at most 50 tags exist, so pages are cut from the full list by position. */
public final class TagPages {
    private TagPages() {
    }

    public static Result page(List<Tag> all, Shapes.Paging paging) {
        int start = 0;
        String after = Markers.decode(paging.marker());
        if (after != null) {
            try {
                start = Math.max(0, Math.min(all.size(), Integer.parseInt(after)));
            } catch (NumberFormatException e) {
                start = 0;
            }
        }
        int end = Math.min(all.size(), start + paging.maxItems());
        Page<Tag> page = new Page<>(all.subList(start, end), end < all.size() ? Markers.encode(Integer.toString(end)) : null);
        return Shapes.paged(Result.of().list("Tags", Shapes.tagList(page.items())), page);
    }
}

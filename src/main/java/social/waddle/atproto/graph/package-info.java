/**
 * Reading the Bluesky social graph from the source: lists ({@code app.bsky.graph.list}), their items
 * ({@code app.bsky.graph.listitem}) and blocks ({@code app.bsky.graph.block}) with {@code com.atproto.repo.listRecords}
 * and {@code getRecord} on the repository owner's PDS, paginated, capped and paced per host. Depends on the rest of
 * {@code social.waddle.atproto} only.
 *
 * @see <a href="https://github.com/bluesky-social/atproto/tree/main/lexicons/app/bsky/graph">app.bsky.graph lexicons</a>
 */
package social.waddle.atproto.graph;

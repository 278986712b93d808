// A committee's subtree as nested lists: screen readers announce the nesting, and the
// indentation is plain CSS. Branches link to their overview page.
import { Link } from "react-router";
import type { AppLoadContext } from "react-router";
import { t } from "@dangjian/core/messages";
import type { MessageKey } from "@dangjian/core/messages";

export type Subtree = Awaited<ReturnType<AppLoadContext["api"]["org"]["subtree"]>>;
type OrgNode = Subtree["nodes"][number];

const LINKED_KINDS = new Set<string>(["BRANCH", "JOINT_BRANCH", "GENERAL_BRANCH"]);

function childrenByParent(nodes: ReadonlyArray<OrgNode>): Map<string | null, OrgNode[]> {
  const known = new Set(nodes.map((n) => n.id));
  const map = new Map<string | null, OrgNode[]>();
  for (const node of nodes) {
    // The root's parent lies outside the subtree: treat it as a top-level node.
    const parent = node.parentId !== null && known.has(node.parentId) ? node.parentId : null;
    const list = map.get(parent);
    if (list) list.push(node);
    else map.set(parent, [node]);
  }
  return map;
}

/** Both figures only where they differ; party groups hold no members of their own, so none. */
function MemberCounts({ node }: { node: OrgNode }) {
  if (node.memberCount === node.subtreeMemberCount) {
    if (node.kind === "PARTY_GROUP" && node.memberCount === 0) return null;
    return <span className="dj-tree__counts">{t("branch.networkMembers", { count: node.memberCount })}</span>;
  }
  if (node.memberCount === 0) {
    return (
      <span className="dj-tree__counts">{t("branch.networkSubtreeMembers", { count: node.subtreeMemberCount })}</span>
    );
  }
  return (
    <span className="dj-tree__counts">
      {t("branch.networkDirectMembers", { count: node.memberCount })}
      {" · "}
      {t("branch.networkSubtreeMembers", { count: node.subtreeMemberCount })}
    </span>
  );
}

function TreeNode({ node, children }: { node: OrgNode; children: Map<string | null, OrgNode[]> }) {
  const kids = children.get(node.id) ?? [];
  return (
    <li>
      <div className="dj-tree__node">
        <span className="dj-badge dj-badge--muted">{t(`orgKind.${node.kind}` as MessageKey)}</span>
        <span className="dj-tree__name">
          {LINKED_KINDS.has(node.kind) ? <Link to={`/org/${node.id}`}>{node.name}</Link> : node.name}
        </span>
        <MemberCounts node={node} />
      </div>
      {kids.length > 0 ? (
        <ul>
          {kids.map((kid) => (
            <TreeNode key={kid.id} node={kid} children={children} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function OrgTree({ nodes }: { nodes: ReadonlyArray<OrgNode> }) {
  const children = childrenByParent(nodes);
  const roots = children.get(null) ?? [];
  return (
    <ul className="dj-tree" aria-label={t("branch.networkTreeLabel")}>
      {roots.map((node) => (
        <TreeNode key={node.id} node={node} children={children} />
      ))}
    </ul>
  );
}

//! A whole HTML document as a tree, built by html5ever (the WHATWG tree-construction algorithm
//! that Servo uses) into a flat arena.
//!
//! Whole saved pages are full of what a fragment tokenizer cannot settle alone: `<p>` closed
//! implicitly by the next block, misnested formatting tags, tables with stray text, documents that
//! start at `<head>` or stop before `</html>`. html5ever settles them the way a browser does, so
//! the tree we score is the page a reader saw. The arena (nodes in one `Vec`, linked by index)
//! keeps building cheap and lets every walk over it be iterative, so no nesting depth can
//! overflow the stack.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::sync::LazyLock;

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};

/// Index of a node in [`Dom::nodes`].
pub type NodeId = u32;
/// No node: the parent of the root, the sibling after the last child.
pub const NONE: NodeId = u32::MAX;

/// What a node is.
#[derive(Debug)]
pub enum NodeData {
    Document,
    Element(Element),
    Text(StrTendril),
    /// Comments, doctypes, processing instructions, template contents: never text.
    Other,
}

/// An element: its local name lower-cased by the parser, and its attributes as written.
#[derive(Debug)]
pub struct Element {
    pub name: QualName,
    pub attrs: Vec<Attribute>,
    /// The contents fragment of a `<template>`.
    template: NodeId,
}

impl Element {
    /// The local name (`div`, `p`, ...).
    pub fn tag(&self) -> &str {
        &self.name.local
    }

    /// The value of an attribute, by lower-case name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| &*a.value)
    }
}

/// One node and its links.
#[derive(Debug)]
pub struct Node {
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub data: NodeData,
}

impl Node {
    fn new(data: NodeData) -> Node {
        Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            prev: NONE,
            next: NONE,
            data,
        }
    }

    /// The element, if this node is one.
    pub fn element(&self) -> Option<&Element> {
        match &self.data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }
}

/// A parsed document. Node 0 is the document node.
#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

impl Dom {
    /// Parse a whole document. Never panics on any input (html5ever recovers from every parse
    /// error, as browsers do); the work is linear in the input for all but adversarial nesting of
    /// formatting elements, which the spec itself bounds.
    pub fn parse(html: &str) -> Dom {
        let sink = Sink::default();
        let opts = html5ever::ParseOpts {
            tree_builder: html5ever::tree_builder::TreeBuilderOpts {
                // Scripting off: `<noscript>` content is parsed as markup (the fallback text a
                // crawler saw), and we drop it explicitly where it is not article text.
                scripting_enabled: false,
                drop_doctype: true,
                ..Default::default()
            },
            ..Default::default()
        };
        html5ever::parse_document(sink, opts).one(StrTendril::from(html))
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// The element at `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        self.node(id).and_then(Node::element)
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.node(id).map_or(NONE, |n| n.first_child),
        }
    }

    /// Every node below `id` (not `id` itself) in document order, iteratively.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            dom: self,
            root: id,
            next: self.node(id).map_or(NONE, |n| n.first_child),
        }
    }

    /// The first element named `tag` in document order.
    pub fn find(&self, tag: &str) -> Option<NodeId> {
        self.descendants(0)
            .find(|&id| self.element(id).is_some_and(|e| e.tag() == tag))
    }

    /// The parent of `id`, or [`NONE`].
    pub fn parent(&self, id: NodeId) -> NodeId {
        self.node(id).map_or(NONE, |n| n.parent)
    }

    /// All text below `id`, concatenated as written (no separators added).
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for d in self.descendants(id) {
            if let Some(NodeData::Text(t)) = self.node(d).map(|n| &n.data) {
                out.push_str(t);
            }
        }
        out
    }
}

/// See [`Dom::children`].
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next;
        let n = self.dom.node(id)?;
        self.next = n.next;
        Some(id)
    }
}

/// See [`Dom::descendants`].
pub struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: NodeId,
}

impl Descendants<'_> {
    /// Do not descend into the node last returned: go on with its next sibling (or an ancestor's).
    pub fn skip_children(&mut self, of: NodeId) {
        self.next = self.after(of);
    }

    fn after(&self, mut id: NodeId) -> NodeId {
        while id != self.root {
            let Some(n) = self.dom.node(id) else {
                return NONE;
            };
            if n.next != NONE {
                return n.next;
            }
            id = n.parent;
        }
        NONE
    }
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next;
        let n = self.dom.node(id)?;
        self.next = if n.first_child != NONE {
            n.first_child
        } else {
            self.after(id)
        };
        Some(id)
    }
}

// ---------------------------------------------------------------------------------------------
// Building: html5ever's tree sink over the arena.

/// Returned by `elem_name` for a handle that is not an element (html5ever never asks, but a wrong
/// answer is better than a panic).
static NO_NAME: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, html5ever::ns!(), html5ever::local_name!("")));

struct Sink {
    nodes: RefCell<Vec<Node>>,
    quirks: Cell<QuirksMode>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            nodes: RefCell::new(vec![Node::new(NodeData::Document)]),
            quirks: Cell::new(QuirksMode::NoQuirks),
        }
    }
}

impl Sink {
    fn push(&self, data: NodeData) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(data));
        (nodes.len() - 1) as NodeId
    }

    fn detach(nodes: &mut [Node], id: NodeId) {
        let Some(n) = nodes.get(id as usize) else {
            return;
        };
        let (parent, prev, next) = (n.parent, n.prev, n.next);
        if parent == NONE {
            return;
        }
        match nodes.get_mut(prev as usize) {
            Some(p) => p.next = next,
            None => {
                if let Some(p) = nodes.get_mut(parent as usize) {
                    p.first_child = next;
                }
            }
        }
        match nodes.get_mut(next as usize) {
            Some(x) => x.prev = prev,
            None => {
                if let Some(p) = nodes.get_mut(parent as usize) {
                    p.last_child = prev;
                }
            }
        }
        if let Some(n) = nodes.get_mut(id as usize) {
            n.parent = NONE;
            n.prev = NONE;
            n.next = NONE;
        }
    }

    fn append_child(nodes: &mut [Node], parent: NodeId, child: NodeId) {
        if parent == child || nodes.get(parent as usize).is_none() {
            return;
        }
        Self::detach(nodes, child);
        let last = nodes[parent as usize].last_child;
        if let Some(c) = nodes.get_mut(child as usize) {
            c.parent = parent;
            c.prev = last;
        } else {
            return;
        }
        match nodes.get_mut(last as usize) {
            Some(l) => l.next = child,
            None => nodes[parent as usize].first_child = child,
        }
        nodes[parent as usize].last_child = child;
    }

    fn insert_before(nodes: &mut [Node], sibling: NodeId, child: NodeId) {
        let Some(parent) = nodes.get(sibling as usize).map(|s| s.parent) else {
            return;
        };
        if parent == NONE || child == sibling {
            return;
        }
        Self::detach(nodes, child);
        let prev = nodes[sibling as usize].prev;
        if let Some(c) = nodes.get_mut(child as usize) {
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        } else {
            return;
        }
        nodes[sibling as usize].prev = child;
        match nodes.get_mut(prev as usize) {
            Some(p) => p.next = child,
            None => {
                if let Some(p) = nodes.get_mut(parent as usize) {
                    p.first_child = child;
                }
            }
        }
    }

    /// Append text to the text node at `id` when it is one.
    fn extend_text(nodes: &mut [Node], id: NodeId, text: &StrTendril) -> bool {
        match nodes.get_mut(id as usize).map(|n| &mut n.data) {
            Some(NodeData::Text(t)) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match nodes.get(*target as usize).map(|n| &n.data) {
                Some(NodeData::Element(e)) => &e.name,
                _ => &NO_NAME,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let template = if flags.template {
            self.push(NodeData::Other)
        } else {
            NONE
        };
        self.push(NodeData::Element(Element {
            name,
            attrs,
            template,
        }))
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(NodeData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(NodeData::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(c) => Self::append_child(&mut nodes, *parent, c),
            NodeOrText::AppendText(t) => {
                let last = nodes.get(*parent as usize).map_or(NONE, |p| p.last_child);
                if !Self::extend_text(&mut nodes, last, &t) {
                    nodes.push(Node::new(NodeData::Text(t)));
                    let id = (nodes.len() - 1) as NodeId;
                    Self::append_child(&mut nodes, *parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element as usize)
            .is_some_and(|n| n.parent != NONE);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        match self.nodes.borrow().get(*target as usize).map(|n| &n.data) {
            Some(NodeData::Element(e)) if e.template != NONE => e.template,
            _ => *target,
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.quirks.set(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut nodes = self.nodes.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(c) => Self::insert_before(&mut nodes, *sibling, c),
            NodeOrText::AppendText(t) => {
                let prev = nodes.get(*sibling as usize).map_or(NONE, |s| s.prev);
                if !Self::extend_text(&mut nodes, prev, &t) {
                    nodes.push(Node::new(NodeData::Text(t)));
                    let id = (nodes.len() - 1) as NodeId;
                    Self::insert_before(&mut nodes, *sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(NodeData::Element(e)) = nodes.get_mut(*target as usize).map(|n| &mut n.data) {
            for a in attrs {
                if !e.attrs.iter().any(|b| b.name == a.name) {
                    e.attrs.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        loop {
            let Some(first) = nodes.get(*node as usize).map(|n| n.first_child) else {
                return;
            };
            if first == NONE {
                return;
            }
            Self::append_child(&mut nodes, *new_parent, first);
            // A bad handle would leave the child in place; stop rather than loop.
            if nodes.get(*node as usize).map(|n| n.first_child) == Some(first) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(dom: &Dom) -> Vec<String> {
        dom.descendants(0)
            .filter_map(|id| dom.element(id).map(|e| e.tag().to_string()))
            .collect()
    }

    #[test]
    fn implied_structure_and_implicit_closes() {
        let dom = Dom::parse("<title>t</title><p>one<p>two<div>three</div>");
        assert_eq!(
            tags(&dom),
            ["html", "head", "title", "body", "p", "p", "div"]
        );
        let body = dom.find("body").unwrap();
        // The second <p> is closed by the <div>, which is its sibling, not its child.
        let kids: Vec<_> = dom
            .children(body)
            .map(|c| dom.element(c).unwrap().tag().to_string())
            .collect();
        assert_eq!(kids, ["p", "p", "div"]);
        assert_eq!(dom.text(body), "onetwothree");
    }

    #[test]
    fn misnested_formatting_and_tables() {
        let dom = Dom::parse("<b>a<i>b</b>c</i><table>stray<tr><td>cell</td></tr></table>");
        let body = dom.find("body").unwrap();
        // Foster parenting moves the stray text before the table, as browsers do.
        assert_eq!(dom.text(body), "abcstraycell");
    }

    #[test]
    fn attributes_and_adjacent_text_merge() {
        let dom = Dom::parse("<div class='a b' ID=x>x&amp;y</div>");
        let div = dom.find("div").unwrap();
        let e = dom.element(div).unwrap();
        assert_eq!(e.attr("class"), Some("a b"));
        assert_eq!(e.attr("id"), Some("x"));
        assert_eq!(dom.children(div).count(), 1);
        assert_eq!(dom.text(div), "x&y");
    }

    #[test]
    fn deep_nesting_walks_without_recursion() {
        // html5ever's scope checks are linear in the depth, so deeper input never reaches the
        // tree builder (see `page::nesting_estimate`); walking must still not recurse.
        let html = "<div>".repeat(3_000) + "深" + &"</div>".repeat(3_000);
        let dom = Dom::parse(&html);
        assert_eq!(dom.text(0), "深");
        let mut it = dom.descendants(0);
        let first = it.next().unwrap();
        it.skip_children(first);
        assert_eq!(it.next(), None);
    }

    #[test]
    fn templates_keep_their_contents_out_of_the_tree() {
        let dom = Dom::parse("<body><template><p>hidden</p></template><p>shown</p>");
        assert_eq!(dom.text(dom.find("body").unwrap()), "shown");
    }
}

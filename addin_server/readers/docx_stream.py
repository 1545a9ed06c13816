"""Reading a main part too large to hold as one tree: lxml's iterparse over the bytes as they are
inflated, completed top-level blocks (paragraphs, rows of top-level tables, also inside content
controls) handed to the body walk in batches and freed; the limits stop the read as soon as they
are passed. Gives the same paragraphs as `Walker.read` on the whole tree.

May touch: a CountingStream of the main part (docx_xml.py), the elements' tags, the body walk
(docx_body.py). May not touch: the package, styles or numbering (the caller makes the walker).
"""
from __future__ import annotations

from lxml import etree

from .docx_body import Walker
from .docx_xml import CountingStream, iterparse, refuse_dtd, syntax_error, unknown_encoding
from .errors import DocumentError

# Completed blocks are read and freed in batches of this many, or sooner when this much markup is
# waiting (docx_xml.MAX_PENDING_MARKUP bounds a single block) …
_STREAM_BATCH = 256
_STREAM_FLUSH_MARKUP = 50_000
# … or this many bytes: the walk checks the character limit per batch, so a batch's text is bounded.
_STREAM_FLUSH_BYTES = 1024 * 1024


def read_streaming(stream: CountingStream, make_walker) -> Walker:
    """The walker of the main part read from `stream`, every block read; `make_walker(root)`
    makes it from the root element (the first event's), which says the namespace the file uses."""
    part_name = stream.part_name
    walker = None
    try:
        # Any namespace: the root (read at the first event) says which one the file uses.
        events = iterparse(stream, events=("end",), tag=("{*}p", "{*}tr"))
        units = 0
        for _, el in events:
            if walker is None:
                walker = make_walker(el.getroottree().getroot())
                tags = walker.tags
                wanted = (tags.p, tags.tr)
                blocking = (tags.tc, tags.txbxContent, tags.p)
                body_tag = tags.body
            if el.tag not in wanted:
                continue  # a DrawingML a:p, say
            for ancestor in el.iterancestors():
                tag = ancestor.tag
                if tag == body_tag:
                    break
                if tag in blocking:
                    ancestor = None
                    break
            else:
                ancestor = None
            if ancestor is None:
                continue  # inside a table cell, a text box or another paragraph: read with it
            units += 1
            if (units >= _STREAM_BATCH or stream.markup - stream.flushed > _STREAM_FLUSH_MARKUP
                    or stream.size - stream.flushed_size > _STREAM_FLUSH_BYTES):
                walker.read_batch(_detach_completed(el, ancestor))
                stream.flushed, stream.flushed_size = stream.markup, stream.size
                units = 0
        root = events.root
    except DocumentError:
        raise
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, part_name) from None
    except ValueError:
        raise unknown_encoding(part_name) from None
    refuse_dtd(root, part_name)
    if walker is None:
        walker = make_walker(root)
    walker.read_batch(root)
    return walker


def _detach_completed(element, body):
    """A new container holding, in document order, everything before `element` (at every level
    up to `body`) and `element` itself: all of it complete, none of it needed again."""
    chain = [element]
    for ancestor in element.iterancestors():
        if ancestor is body:
            break
        chain.append(ancestor)
    batch = etree.Element(body.tag)
    for node in reversed(chain):
        for sibling in reversed(list(node.itersiblings(preceding=True))):
            _move(sibling, batch)
    batch.append(element)
    return batch


def _move(element, into) -> None:
    """`into.append(element)`, a table row by row: lxml's namespace fix-up when an element moves
    to another document grows with the square of the subtree's size (a 25,000-node table took
    1.6 s, the same nodes as 250 paragraphs 15 ms). The table element itself is re-made
    (its own attributes are never read), its children moved one by one."""
    if element.tag.endswith("}tbl") and len(element) > 1:
        table = etree.SubElement(into, element.tag)
        for child in list(element):
            _move(child, table)
    else:
        into.append(element)


//! The tiny markup of lesson text: `**bold**`, `` `code` ``, `- ` list items and links to
//! other lessons as `[text](lesson:id)`. It parses to a small tree of plain strings, so a
//! renderer builds text nodes and never interprets HTML: `<b>` stays the four characters
//! `<b>`.
//!
//! Blocks are separated by a blank line; consecutive lines starting with `- ` (or `* `)
//! form a list, other consecutive lines a paragraph (joined by a space).

use serde::{Deserialize, Serialize};

/// A paragraph or a bulleted list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "block", content = "items", rename_all = "snake_case")]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// One entry per item, each a run of inline pieces.
    List(Vec<Vec<Inline>>),
}

/// A piece of running text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "inline", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Bold {
        text: String,
    },
    Code {
        text: String,
    },
    /// A link to the lesson with id `lesson`.
    Link {
        text: String,
        lesson: String,
    },
}

/// Parses lesson text, or says what is malformed (an unclosed `**` or backtick, a link to
/// something other than a lesson).
pub fn parse(text: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let flush_para = |para: &mut Vec<&str>, blocks: &mut Vec<Block>| -> Result<(), String> {
        if !para.is_empty() {
            blocks.push(Block::Paragraph(inline(&para.join(" "))?));
            para.clear();
        }
        Ok(())
    };
    let flush_list = |list: &mut Vec<Vec<Inline>>, blocks: &mut Vec<Block>| {
        if !list.is_empty() {
            blocks.push(Block::List(std::mem::take(list)));
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            flush_para(&mut para, &mut blocks)?;
            flush_list(&mut list, &mut blocks);
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            flush_para(&mut para, &mut blocks)?;
            list.push(inline(item.trim())?);
        } else {
            flush_list(&mut list, &mut blocks);
            para.push(line);
        }
    }
    flush_para(&mut para, &mut blocks)?;
    flush_list(&mut list, &mut blocks);
    Ok(blocks)
}

/// The ids of the lessons the text links to, in order.
pub fn links(blocks: &[Block]) -> Vec<&str> {
    let mut out = Vec::new();
    for b in blocks {
        let runs: Vec<&Vec<Inline>> = match b {
            Block::Paragraph(p) => vec![p],
            Block::List(items) => items.iter().collect(),
        };
        for piece in runs.into_iter().flatten() {
            if let Inline::Link { lesson, .. } = piece {
                out.push(lesson.as_str());
            }
        }
    }
    out
}

fn inline(text: &str) -> Result<Vec<Inline>, String> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let push_plain = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text {
                text: std::mem::take(plain),
            });
        }
    };
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("**") {
            let end = after
                .find("**")
                .ok_or_else(|| format!("'**' without its closing '**' in \"{text}\""))?;
            push_plain(&mut plain, &mut out);
            out.push(Inline::Bold {
                text: after[..end].to_string(),
            });
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('`') {
            let end = after
                .find('`')
                .ok_or_else(|| format!("'`' without its closing '`' in \"{text}\""))?;
            push_plain(&mut plain, &mut out);
            out.push(Inline::Code {
                text: after[..end].to_string(),
            });
            rest = &after[end + 1..];
        } else if let Some((label, target, after)) = link(rest) {
            let lesson = target.strip_prefix("lesson:").ok_or_else(|| {
                format!("the link '[{label}]({target})' must point to a lesson, as '(lesson:ID)'")
            })?;
            if lesson.is_empty() {
                return Err(format!("the link '[{label}]({target})' names no lesson"));
            }
            push_plain(&mut plain, &mut out);
            out.push(Inline::Link {
                text: label.to_string(),
                lesson: lesson.to_string(),
            });
            rest = after;
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    push_plain(&mut plain, &mut out);
    Ok(out)
}

/// `[label](target)` at the start of `s`: (label, target, the text after it).
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find("](")?;
    let label = &inner[..close];
    if label.contains('[') || label.contains(']') {
        return None;
    }
    let after_label = &inner[close + 2..];
    let end = after_label.find(')')?;
    Some((label, &after_label[..end], &after_label[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn bold_code_and_lesson_links_become_pieces() {
        let blocks = parse(
            "The **knee** is at `ρ = 0.8`; see [Little's law](lesson:latency-vs-throughput).",
        )
        .unwrap();
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![
                text("The "),
                Inline::Bold {
                    text: "knee".into()
                },
                text(" is at "),
                Inline::Code {
                    text: "ρ = 0.8".into()
                },
                text("; see "),
                Inline::Link {
                    text: "Little's law".into(),
                    lesson: "latency-vs-throughput".into()
                },
                text("."),
            ])]
        );
        assert_eq!(links(&blocks), vec!["latency-vs-throughput"]);
    }

    #[test]
    fn lists_and_paragraphs_split_on_lines() {
        let blocks = parse("First line\nsame paragraph.\n\n- one\n- **two**\nAfter.").unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![text("First line same paragraph.")]),
                Block::List(vec![
                    vec![text("one")],
                    vec![Inline::Bold { text: "two".into() }]
                ]),
                Block::Paragraph(vec![text("After.")]),
            ]
        );
    }

    #[test]
    fn html_stays_text() {
        let blocks = parse("<script>alert(1)</script> <b>x</b>").unwrap();
        assert_eq!(
            blocks,
            vec![Block::Paragraph(vec![text(
                "<script>alert(1)</script> <b>x</b>"
            )])]
        );
    }

    #[test]
    fn malformed_markup_is_named() {
        assert!(parse("a **bold").unwrap_err().contains("'**'"));
        assert!(parse("a `code").unwrap_err().contains("'`'"));
        let e = parse("[docs](https://example.com)").unwrap_err();
        assert!(e.contains("must point to a lesson"), "{e}");
        // Brackets that are not a link are text.
        assert_eq!(
            parse("a [note] here").unwrap(),
            vec![Block::Paragraph(vec![text("a [note] here")])]
        );
    }
}

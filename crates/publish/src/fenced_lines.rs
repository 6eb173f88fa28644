//! Which lines of a Markdown body are fenced code, for the rewrites that read a body
//! line by line (Zenn's image forms, its embed directives): their syntax is prose
//! syntax, and a code block showing it must stay as written.

/// Follows a body's lines in order.
#[derive(Default)]
pub struct FencedLines {
    /// The marker of the open fence (```` ``` ````, `~~~~`…).
    open: Option<String>,
}

impl FencedLines {
    /// Whether `line`, the next line of the body, is part of a fenced code block, its
    /// opening and closing fences included.
    pub fn is_code(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        if let Some(marker) = &self.open {
            // A closing fence: at least as long as the opening one, and nothing after.
            let run = trimmed.len() - trimmed.trim_start_matches(marker.as_bytes()[0] as char).len();
            if run >= marker.len() && trimmed[run..].trim().is_empty() {
                self.open = None;
            }
            return true;
        }
        let Some(c) = trimmed.chars().next().filter(|c| matches!(c, '`' | '~')) else { return false };
        let run: String = trimmed.chars().take_while(|x| *x == c).collect();
        if run.len() < 3 {
            return false;
        }
        self.open = Some(run);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close_with_their_own_marker() {
        let body = "a\n````md\n```rust\ninner\n```\n````\nb\n~~~\nc\n~~~ \nd\n``x``\n";
        let mut lines = FencedLines::default();
        let code: Vec<&str> = body.lines().filter(|l| lines.is_code(l)).collect();
        assert_eq!(code, ["````md", "```rust", "inner", "```", "````", "~~~", "c", "~~~ "]);
    }
}

//! The publishing tool as an author runs it: exit codes and messages.

use std::process::Command;

fn run(root: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fumi-publish")).args(args).arg("--root").arg(root).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn project(posts: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("posts")).unwrap();
    for (name, text) in posts {
        std::fs::write(dir.path().join("posts").join(name), text).unwrap();
    }
    dir
}

#[test]
fn check_fails_with_file_line_and_field() {
    let dir = project(&[("broken.md", "---\ntitle: Broken\ndate: someday\n---\n")]);
    let (code, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error: posts/broken.md:3: date: `someday` is not a date"), "{stderr}");
}

#[test]
fn build_refuses_to_write_when_a_post_is_broken() {
    let dir = project(&[("ok.md", "---\ntitle: Ok\ndate: 2020-01-01\n---\n"), ("bad.md", "no front matter\n")]);
    let out = dir.path().join("out");
    let (code, stderr) = run(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("posts/bad.md:1"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn keep_going_writes_the_good_posts_and_the_problems() {
    let dir = project(&[("ok.md", "---\ntitle: Ok\ndate: 2020-01-01\n---\n"), ("bad.md", "no front matter\n")]);
    let out = dir.path().join("out");
    let (code, stderr) = run(dir.path(), &["build", "--keep-going", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"slug\":\"ok\"") && manifest.contains("posts/bad.md"), "{manifest}");
}

#[test]
fn unknown_command_is_a_usage_error() {
    let dir = project(&[]);
    let (code, stderr) = run(dir.path(), &["frobnicate"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("USAGE"), "{stderr}");
}

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

/// `trunk-hook` as `trunk build --release` runs it, with `FUMI_BASE_URL` as given.
fn release_hook(root: &std::path::Path, base_url: Option<&str>) -> (i32, String) {
    let staging = root.join("staging");
    let mut command = Command::new(env!("CARGO_BIN_EXE_fumi-publish"));
    command.args(["trunk-hook", "--root"]).arg(root).env("TRUNK_STAGING_DIR", &staging).env("TRUNK_PROFILE", "release");
    match base_url {
        Some(url) => command.env("FUMI_BASE_URL", url),
        None => command.env_remove("FUMI_BASE_URL"),
    };
    let out = command.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_release_without_a_base_url_of_its_own_is_refused_with_what_to_do() {
    let dir = project(&[("ok.md", "---\ntitle: Ok\ndate: 2020-01-01\n---\n")]);
    let (code, stderr) = release_hook(dir.path(), None);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("base_url is \"http://127.0.0.1:8080/\""), "{stderr}");
    assert!(stderr.contains("FUMI_BASE_URL=https://"), "{stderr}");
    assert!(!dir.path().join("staging").exists(), "nothing written");

    // Given for this build (a preview deploy): published with it.
    let (code, stderr) = release_hook(dir.path(), Some("https://preview.example.com/"));
    assert_eq!(code, 0, "{stderr}");
    let manifest = std::fs::read_to_string(dir.path().join("staging/posts/manifest.json")).unwrap();
    assert!(manifest.contains("\"base_url\":\"https://preview.example.com/\""), "{manifest}");
    let feed = std::fs::read_to_string(dir.path().join("staging/feed.xml")).unwrap();
    assert!(feed.contains("https://preview.example.com/posts/ok") && !feed.contains("127.0.0.1"), "{feed}");

    // Set in fumi.toml: published; http:// on a public host is a warning.
    std::fs::write(dir.path().join("fumi.toml"), "base_url = \"http://blog.example.com/\"\n").unwrap();
    let (code, stderr) = release_hook(dir.path(), None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: fumi.toml: base_url \"http://blog.example.com/\" is http://"), "{stderr}");
}

#[test]
fn preview_names_a_drafts_address_or_its_problems() {
    let dir = project(&[
        ("gpu-notes.md", "---\ntitle: GPU のメモ\ndate: 2030-01-01\ndraft: true\n---\n本文\n"),
        ("broken.md", "---\ntitle: Broken\ndate: someday\n---\n"),
    ]);
    let preview = |file: &str, port: &str| {
        Command::new(env!("CARGO_BIN_EXE_fumi-publish"))
            .args(["preview", dir.path().join("posts").join(file).to_str().unwrap(), "--port", port])
            .output()
            .unwrap()
    };
    let ok = preview("gpu-notes.md", "8081");
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout), "http://127.0.0.1:8081/posts/gpu-notes\n");
    assert!(String::from_utf8_lossy(&ok.stderr).contains("a draft: only the dev server shows it"));
    let broken = preview("broken.md", "8080");
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("broken.md:3: date: `someday` is not a date"), "{stderr}");
}

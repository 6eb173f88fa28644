//! `fumi-publish generate` as the benchmark and the end-to-end tests run it.

use std::process::Command;

fn fumi_publish(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fumi-publish")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_generated_site_builds_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = dir.path().join("out");
    let (code, stderr) =
        fumi_publish(&["generate", "--posts", "25", "--per-page", "4", "--out", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = fumi_publish(&["build", "--root", site.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning") && !stderr.contains("error"), "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["posts"].as_array().unwrap().len(), 25);
    assert_eq!(manifest["site"]["posts_per_page"], 4);
}

#[test]
fn generate_without_a_post_count_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = fumi_publish(&["generate", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--posts"), "{stderr}");
}

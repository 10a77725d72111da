//! Records the engine build (rustc, target, DataFusion features) so every capture can say what produced it.

use std::process::Command;

fn main() {
    contract();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("-V")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=PROVENANCE_RUSTC={version}");
    println!("cargo:rustc-env=PROVENANCE_TARGET={}", std::env::var("TARGET").unwrap_or_default());
    println!("cargo:rustc-env=PROVENANCE_PROFILE={}", std::env::var("PROFILE").unwrap_or_default());
    // The features of the `datafusion` dependency, read from the manifest that pins them.
    let manifest = std::fs::read_to_string("Cargo.toml").expect("Cargo.toml beside build.rs");
    let features = manifest
        .split("\ndatafusion = ")
        .nth(1)
        .and_then(|rest| rest.split("features = [").nth(1))
        .and_then(|rest| rest.split(']').next())
        .map(|list| list.split(',').map(|f| f.trim().trim_matches('"')).filter(|f| !f.is_empty()).collect::<Vec<_>>())
        .unwrap_or_default();
    println!("cargo:rustc-env=PROVENANCE_DF_FEATURES={}", features.join(","));
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=build.rs");
}

/// The JNI contract, generated from the one `.proto` the Java side is generated from too. `PROTOC` comes from the
/// Maven build (engine/pom.xml fetches it from Maven Central); run by hand, set it as `.ci/run` explains.
fn contract() {
    let proto = "../src/main/proto/engine.proto";
    println!("cargo:rerun-if-changed={proto}");
    if std::env::var_os("PROTOC").is_none() {
        panic!(
            "PROTOC is not set: build through Maven (./mvnw -pl engine package), which fetches protoc from Maven \
             Central, or point PROTOC at protoc >= 3.15"
        );
    }
    prost_build::Config::new()
        // Maps encode in key order: the same result is the same bytes.
        .btree_map(["."])
        .compile_protos(&[proto], &["../src/main/proto"])
        .unwrap_or_else(|e| panic!("compiling {proto}: {e}"));
}

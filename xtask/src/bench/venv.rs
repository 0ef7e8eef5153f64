//! The peers' Python: a venv under target/bench-venv with the exact pins of
//! benches/requirements.txt, reused while the pins it was made with are unchanged.

use crate::env;
use crate::run::{command, status};
use std::path::PathBuf;

/// The venv's python, created or updated as needed.
pub fn peers_python() -> Result<PathBuf, String> {
    let root = env::root();
    let venv = root.join("target/bench-venv");
    let python = venv.join("bin/python");
    let requirements = root.join("benches/requirements.txt");
    let pins =
        std::fs::read_to_string(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let stamp = venv.join("hearth-pins.txt");
    if python.is_file() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(pins.as_str()) {
        println!("bench: reusing {} (pins unchanged)", venv.display());
        return Ok(python);
    }
    crate::setup::ensure(&[crate::setup::Tool::PythonVenv])?;
    status(&mut command("python3", &["-m", "venv", venv.to_str().ok_or("non-UTF-8 path")?], &root))?;
    status(&mut command(
        &python,
        &[
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "-r",
            requirements.to_str().ok_or("non-UTF-8 path")?,
        ],
        &root,
    ))?;
    std::fs::write(&stamp, &pins).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(python)
}

//! `hearth data export-dvc REF DIR [--name FILE]`: a DVC 3 `.dvc` file plus the object under
//! `DIR/files/md5/…`, so DIR works as a DVC local remote: `dvc remote add -d hearth DIR && dvc pull`.

use super::{parse_ref, repo_error, Context};
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult};
use hearth_core::version::{export_dvc, md5_hex, DatasetRepo, ExportFile};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Arguments of `hearth data export-dvc`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The version (latest, previous, a tag or an id prefix).
    #[arg(name = "REF")]
    reference: String,
    /// Export folder (created if needed); it becomes a DVC local remote.
    dir: PathBuf,
    /// File name of the data in the `.dvc` file (default: the imported file's name).
    #[arg(long)]
    name: Option<String>,
}

#[derive(Serialize)]
struct Exported {
    version: String,
    tag: String,
    dvc_file: String,
    object: String,
    md5: String,
    size: usize,
}

/// Writes the export.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let r = parse_ref(&args.reference)?;
    let ws = ctx.workspace()?;
    let repo = DatasetRepo::new(&ws.store);
    let v = block_on(repo.get(&r)).map_err(repo_error)?;
    let bytes = block_on(repo.bytes(&v)).map_err(repo_error)?;
    let name = args.name.unwrap_or_else(|| {
        Path::new(&v.source.name).file_name().map_or("data.csv".into(), |n| n.to_string_lossy().into_owned())
    });
    let md5 = md5_hex(&bytes);
    let files = export_dvc(&bytes, &md5, &name).map_err(|e| CliError::invalid(e.to_string()))?;
    for f in &files {
        write(&args.dir, f)?;
    }
    let done = Exported {
        version: v.id.to_hex(),
        tag: v.tag.to_string(),
        dvc_file: args.dir.join(&files[0].path).display().to_string(),
        object: args.dir.join(&files[1].path).display().to_string(),
        md5,
        size: bytes.len(),
    };
    ctx.out.result(&done, || {
        format!(
            "exported {} ({} bytes, md5 {}) to {}\nto pull it with DVC: copy {} into a DVC repository, then\n  dvc remote add -d hearth {} && dvc pull",
            done.tag,
            done.size,
            done.md5,
            args.dir.display(),
            done.dvc_file,
            args.dir.display()
        )
    });
    Ok(())
}

/// Writes one export file via a temporary file and a rename; an object already present is kept
/// (it is content-addressed, so it holds the same bytes).
fn write(dir: &Path, f: &ExportFile<'_>) -> CliResult {
    let path = dir.join(&f.path);
    let fail =
        |what: &str, e: std::io::Error| CliError::failure(format!("cannot {what} {}: {e}", path.display()));
    if f.read_only && path.is_file() {
        return Ok(());
    }
    let parent = path.parent().expect("export paths have a parent");
    std::fs::create_dir_all(parent).map_err(|e| fail("create the folder of", e))?;
    let tmp = parent.join(format!(".{}.tmp", path.file_name().expect("a file name").to_string_lossy()));
    std::fs::write(&tmp, &f.bytes).map_err(|e| fail("write", e))?;
    if f.read_only {
        let mut perms = std::fs::metadata(&tmp).map_err(|e| fail("inspect", e))?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&tmp, perms).map_err(|e| fail("make read-only", e))?;
    }
    std::fs::rename(&tmp, &path).map_err(|e| fail("move into place", e))
}

//! The Data page's versions list: every stored version with its tags (the import tag and any added
//! later), the one being viewed, and a form to add a tag to it.

use hearth_core::version::{DatasetRepo, DatasetVersion, Tag, VersionId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::IdbStore;

/// One version and every tag naming it (the import tag first).
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    /// The record.
    pub version: DatasetVersion,
    /// Its tags.
    pub tags: Vec<String>,
}

impl VersionRow {
    /// The id in hex (how the page and the worker name versions).
    pub fn hex(&self) -> String {
        self.version.id.to_hex()
    }

    /// `tag (short id)`, how lists and reports name the version.
    pub fn label(&self) -> String {
        format!("{} ({})", self.version.tag, self.version.id.short())
    }
}

/// Every version, newest first, with its tags.
pub async fn load_versions() -> Result<Vec<VersionRow>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let repo = DatasetRepo::new(&store);
    let pointers = repo.tag_pointers().await.map_err(|e| e.to_string())?;
    let mut rows: Vec<VersionRow> = repo
        .list()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|v| {
            let extra =
                pointers.iter().filter(|(t, id)| *id == v.id && *t != v.tag).map(|(t, _)| t.to_string());
            let tags = std::iter::once(v.tag.to_string()).chain(extra).collect();
            VersionRow { version: v, tags }
        })
        .collect();
    rows.reverse();
    Ok(rows)
}

async fn add_tag(id: &str, tag: &str) -> Result<(), String> {
    let tag = Tag::new(tag.trim()).map_err(|e| e.to_string())?;
    let id: VersionId = id.parse().map_err(|_| format!("`{id}` is not a version id"))?;
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    DatasetRepo::new(&store).add_tag(&id, &tag).await.map_err(|e| e.to_string())
}

/// The versions table; clicking a row views that version. `changed` runs after a tag is added.
#[component]
pub fn VersionsCard(
    versions: Signal<Vec<VersionRow>>,
    selected: RwSignal<Option<String>>,
    changed: Callback<()>,
) -> impl IntoView {
    let new_tag = RwSignal::new(String::new());
    let tag_error = RwSignal::new(None::<String>);
    let on_tag = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = selected.get_untracked() else { return };
        let tag = new_tag.get_untracked();
        spawn_local(async move {
            match add_tag(&id, &tag).await {
                Ok(()) => {
                    tag_error.set(None);
                    new_tag.set(String::new());
                    changed.run(());
                }
                Err(e) => tag_error.set(Some(e)),
            }
        });
    };
    let rows = move || {
        versions
            .get()
            .into_iter()
            .map(|row| {
                let hex = row.hex();
                let hex_click = hex.clone();
                let is_selected = {
                    let hex = hex.clone();
                    Memo::new(move |_| selected.get().as_deref() == Some(hex.as_str()))
                };
                let v = &row.version;
                let tags =
                    row.tags.iter().map(|t| view! { <span class="alias">{t.clone()}</span> }).collect_view();
                view! {
                    <tr class:selected=is_selected data-tag=v.tag.to_string()>
                        <td class="tags">{tags}</td>
                        <td><code title=hex.clone()>{v.id.short()}</code></td>
                        <td>{v.source.name.clone()}</td>
                        <td class="num">{format!("{} × {}", v.n_rows, v.n_cols)}</td>
                        <td class="muted">{crate::models_page::when(v.created_at_ms)}</td>
                        <td>
                            <button class="secondary" aria-pressed=move || is_selected.get().to_string()
                                on:click=move |_| selected.set(Some(hex_click.clone()))>
                                "View"
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>"Versions"</h2>
            <table class="grid" id="versions">
                <thead><tr>
                    <th>"Tags"</th><th>"Id"</th><th>"File"</th><th class="num">"Rows × cols"</th>
                    <th>"Imported"</th><th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <form class="params tag-form" on:submit=on_tag>
                <label for="tag-input">
                    "Add a tag to the viewed version"
                    <input id="tag-input" type="text" placeholder="e.g. golden" required
                        prop:value=move || new_tag.get()
                        on:input=move |ev| new_tag.set(event_target_value(&ev)) />
                </label>
                <button id="add-tag" type="submit" disabled=move || selected.get().is_none()>"Add tag"</button>
            </form>
            {move || tag_error.get().map(|e| view! { <p id="tag-error" class="error" role="alert">{e}</p> })}
        </section>
    }
}

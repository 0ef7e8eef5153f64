//! Entry point of the browser app: installs the panic hook, registers the offline service worker,
//! mounts the shell and marks that first render on the page's timeline.

fn main() {
    console_error_panic_hook::set_once();
    hearth_app::register_service_worker();
    leptos::mount::mount_to_body(hearth_app::App);
    // Mounting renders synchronously: the shell and its navigation are in the document now.
    hearth_app::mark(hearth_app::MOUNTED_MARK);
}

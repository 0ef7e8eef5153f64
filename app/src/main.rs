//! Entry point of the browser app: installs the panic hook and mounts the shell.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(hearth_app::App);
}

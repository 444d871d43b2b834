//! The lesson: seven sections that follow the argument for convolution,
//! each with a short explanation, its live interactive and "try this" prompts.

use super::nav::Nav;
use super::sections;
use super::status::StatusBar;
use yew::prelude::*;

#[component]
pub fn Lesson() -> Html {
    html! {
        <>
            <header class="site-header">
                <h1>{ "CNN Playground" }</h1>
                <p class="tagline">{ "Why convolutional networks work — trained live in your browser, by a Rust core compiled to WebAssembly." }</p>
                <StatusBar />
            </header>
            <Nav />
            <main id="lesson">
                { sections::sections() }
            </main>
            <footer class="site-footer">
                <p>{ "Every number on this page is computed in your browser by the same Rust CNN core. Nothing is sent anywhere." }</p>
            </footer>
        </>
    }
}

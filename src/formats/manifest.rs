//! Which MNIST files the site serves, and which of them the app should load.
//!
//! `static/data/manifest.txt` lists, one name a line, the IDX files present in
//! `static/data/`. The converter (`mnist-to-idx`) writes it on every build, so a
//! user who drops the full MNIST files into that folder and rebuilds gets them
//! listed; the app reads the manifest first and never probes for files that are
//! not there (a probe that 404s would show up as a console error).
//!
//! Our own 8,000/2,000 split uses `subset-*` names, so it can sit next to the
//! full set, which takes precedence when all four of its files are present.

use crate::core::numfmt::thousands;

/// File name of the manifest, inside the data folder.
pub const MANIFEST: &str = "manifest.txt";

/// The four files of a dataset, in the order train images, train labels,
/// test images, test labels.
pub const SLOTS: [&str; 4] = ["train images", "train labels", "test images", "test labels"];

/// Standard MNIST names (each may also end in `.gz`). The second spelling, with
/// a dot, is how some mirrors rename them.
pub const FULL_NAMES: [[&str; 2]; 4] = [
    ["train-images-idx3-ubyte", "train-images.idx3-ubyte"],
    ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"],
    ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"],
    ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"],
];

/// Names of the bundled split written by `mnist-to-idx`.
pub const SUBSET_NAMES: [&str; 4] = [
    "subset-train-images-idx3-ubyte",
    "subset-train-labels-idx1-ubyte",
    "subset-test-images-idx3-ubyte",
    "subset-test-labels-idx1-ubyte",
];

/// The files chosen for loading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSet {
    /// File names in [`SLOTS`] order, relative to the data folder.
    pub files: [String; 4],
    /// True for the standard MNIST files, false for the bundled split.
    pub full: bool,
}

impl FileSet {
    /// The bundled split, used when there is no manifest at all.
    pub fn subset() -> FileSet {
        FileSet {
            files: SUBSET_NAMES.map(String::from),
            full: false,
        }
    }
}

/// True when `name` is one of the data files the manifest should list.
pub fn is_data_file(name: &str) -> bool {
    let base = name.strip_suffix(".gz").unwrap_or(name);
    SUBSET_NAMES.contains(&base) || FULL_NAMES.iter().any(|alts| alts.contains(&base))
}

/// Names listed in a manifest: non-empty lines, `#` starts a comment.
pub fn parse(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

/// The manifest text for the given file names (sorted, data files only).
pub fn render(names: &[String]) -> String {
    let mut names: Vec<&String> = names.iter().filter(|n| is_data_file(n)).collect();
    names.sort();
    names.dedup();
    let mut out = String::from(
        "# IDX files in this folder, written by `mnist-to-idx` (make data).\n\
         # The app loads full MNIST when all four of its files are listed, else the subset-* split.\n",
    );
    for name in names {
        out.push_str(name);
        out.push('\n');
    }
    out
}

/// Picks what to load from the listed names: the full set if all four of its
/// files are listed, else the bundled split if it is complete, else `None`.
/// Where a file is listed both plain and as `.gz`, the `.gz` is chosen: it is
/// about a fifth of the bytes to download.
pub fn choose(listed: &[String]) -> Option<FileSet> {
    let has = |name: &str| listed.iter().any(|l| l == name);
    let find = |alts: &[&str]| -> Option<String> {
        alts.iter()
            .flat_map(|a| [format!("{a}.gz"), a.to_string()])
            .find(|n| has(n))
    };
    let full: Vec<String> = FULL_NAMES.iter().filter_map(|alts| find(alts)).collect();
    if let Ok(files) = <[String; 4]>::try_from(full) {
        return Some(FileSet { files, full: true });
    }
    let subset: Vec<String> = SUBSET_NAMES.iter().filter_map(|n| find(&[n])).collect();
    <[String; 4]>::try_from(subset)
        .ok()
        .map(|files| FileSet { files, full: false })
}

/// What the UI says about the data: "full MNIST 60,000/10,000" or
/// "bundled 8,000/2,000 split".
pub fn describe(full: bool, train: usize, test: usize) -> String {
    if full {
        format!(
            "full MNIST {}/{}",
            thousands(train as u128),
            thousands(test as u128)
        )
    } else {
        format!(
            "bundled {}/{} split",
            thousands(train as u128),
            thousands(test as u128)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn full_mnist_takes_precedence_and_mixes_gz() {
        let mut listed = names(&SUBSET_NAMES);
        listed.extend(names(&[
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte",
            "t10k-images.idx3-ubyte",
            "t10k-labels-idx1-ubyte.gz",
        ]));
        let set = choose(&parse(&render(&listed))).unwrap();
        assert!(set.full);
        assert_eq!(set.files[0], "train-images-idx3-ubyte.gz");
        assert_eq!(set.files[2], "t10k-images.idx3-ubyte");
    }

    #[test]
    fn gz_is_preferred_when_both_are_listed() {
        let mut listed = names(&SUBSET_NAMES);
        listed.extend(SUBSET_NAMES.iter().map(|n| format!("{n}.gz")));
        let set = choose(&parse(&render(&listed))).unwrap();
        assert!(!set.full);
        assert_eq!(set.files, SUBSET_NAMES.map(|n| format!("{n}.gz")));
        // A file listed only plain is still found.
        listed.retain(|n| n != "subset-test-labels-idx1-ubyte.gz");
        let set = choose(&listed).unwrap();
        assert_eq!(set.files[3], "subset-test-labels-idx1-ubyte");
        assert_eq!(set.files[2], "subset-test-images-idx3-ubyte.gz");
    }

    #[test]
    fn incomplete_full_set_falls_back_to_the_subset() {
        let mut listed = names(&SUBSET_NAMES);
        listed.push("train-images-idx3-ubyte".into());
        assert_eq!(choose(&listed), Some(FileSet::subset()));
        assert_eq!(choose(&names(&SUBSET_NAMES[..3])), None);
        assert_eq!(choose(&[]), None);
    }

    #[test]
    fn render_keeps_only_data_files_and_parse_skips_comments() {
        let text = render(&names(&[
            "notes.txt",
            "subset-test-labels-idx1-ubyte",
            "x.gz",
        ]));
        assert_eq!(parse(&text), names(&["subset-test-labels-idx1-ubyte"]));
        assert_eq!(parse("  a  # c\n\n# only\nb\n"), names(&["a", "b"]));
    }

    #[test]
    fn describes_counts_with_separators() {
        assert_eq!(describe(true, 60000, 10000), "full MNIST 60,000/10,000");
        assert_eq!(describe(false, 8000, 2000), "bundled 8,000/2,000 split");
    }
}

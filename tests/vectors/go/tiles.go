package main

// The cross-check vectors in tests/vectors/go-x-mod-tiles/ for C2SP tlog-tiles, tlog-proof and tlog-witness, written
// with golang.org/x/mod/sumdb/tlog (tile coordinates and paths, tile contents, and proofs read back through its
// tile-authenticating TileHashReader) and golang.org/x/mod/sumdb/note (signed checkpoints), plus the
// tlog-cosignature v1 signer of main.go. Every input is fixed, so the output is the same on every run.
//
// x/mod's tiles are the ones C2SP tlog-tiles standardised, with two differences of path only: x/mod writes the tile
// height (8) after "tile/", and calls the entry level "data" where C2SP writes "entries". The vectors keep x/mod's
// paths verbatim; the tests map them.
//
// Regenerate (see tests/vectors/README.md): from the repository root,
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run ./tests/vectors/go -tiles tests/vectors/go-x-mod-tiles

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"log"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	// A third-party witness cosigning alpha's checkpoints (C2SP tlog-witness).
	witnessName = "witness.example/w1"
	// Tile tileHeight: C2SP tlog-tiles fixes it at 8 (256 hashes a tile).
	tileHeight = 8
	// The largest tree of the tile vectors; the smaller ones are its prefixes.
	tileEntryCount = 70000
)

// The tree tileSizes whose tiles are listed: one leaf, a tile less one, exactly a tile, a tile and one, and the
// tlog-tiles example.
var tileSizes = []int64{1, 255, 256, 257, 70000}

func writeTileVectors(out string) {
	check(os.MkdirAll(out, 0o755))

	var entries [][]byte
	for i := 0; i < tileEntryCount; i++ {
		entries = append(entries, tileEntry(i))
	}
	storage := store(entries)
	tiles := tileStore{storage}

	write(out, "paths.txt", paths())
	write(out, "layout.txt", layouts())
	write(out, "tiles.txt", tileVectors(storage, tiles))
	write(out, "bundles.txt", bundles(entries))

	// Signed checkpoints of two tree tileSizes, an offline proof for each, and a witness request between them.
	logSeed := seq(0x00, 32)
	witnessSeed := seq(0x40, 32)
	logKey := ed25519.NewKeyFromSeed(logSeed)
	witnessKey := ed25519.NewKeyFromSeed(witnessSeed)
	skey := fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", origin, keyID(origin, typeEd25519, logKey.Public().(ed25519.PublicKey)),
		base64.StdEncoding.EncodeToString(append([]byte{typeEd25519}, logSeed...)))
	logSigner, err := note.NewSigner(skey)
	check(err)
	witness := &cosignatureSigner{name: witnessName, key: witnessKey, time: cosignatureTime}

	checkpointText := func(size int64) string {
		root, err := tlog.TreeHash(size, storage)
		check(err)
		return fmt.Sprintf("%s\n%d\n%s\n", origin, size, base64.StdEncoding.EncodeToString(root[:]))
	}
	signed := func(size int64, signers ...note.Signer) []byte {
		msg, err := note.Sign(&note.Note{Text: checkpointText(size)}, signers...)
		check(err)
		return msg
	}

	write(out, "checkpoint-257.note", string(signed(257, logSigner)))
	write(out, "checkpoint-70000.note", string(signed(70000, logSigner)))
	cosigned70000 := signed(70000, logSigner, witness)
	write(out, "cosigned-checkpoint-70000.note", string(cosigned70000))

	// tlog-proof: entry 12345 in the cosigned tree of 70,000, and entry 256 in the tree of 257 with extra data.
	write(out, "proof-70000-12345.tlog-proof", proofFile(12345, 70000, nil, cosigned70000, tiles, storage))
	write(out, "proof-257-256-extra.tlog-proof",
		proofFile(256, 257, []byte("hotline extra data"), signed(257, logSigner, witness), tiles, storage))

	// tlog-witness add-checkpoint: the witness holds 257 and is asked to cosign 70,000.
	newTree := tlog.Tree{N: 70000, Hash: treeHash(70000, storage)}
	consistency, err := tlog.ProveTree(newTree.N, 257, tlog.TileHashReader(newTree, tiles))
	check(err)
	check(tlog.CheckTree(consistency, newTree.N, newTree.Hash, 257, treeHash(257, storage)))
	var request strings.Builder
	fmt.Fprintf(&request, "old %d\n", 257)
	for _, h := range consistency {
		fmt.Fprintf(&request, "%s\n", base64.StdEncoding.EncodeToString(h[:]))
	}
	fmt.Fprintf(&request, "\n%s", signed(70000, logSigner))
	write(out, "add-checkpoint-257-70000.request", request.String())
	// The witness's answer: its cosignature line on that checkpoint (the signature lines of the cosigned note).
	witnessOnly := signed(70000, witness)
	write(out, "add-checkpoint-257-70000.response", string(witnessOnly[bytes.LastIndex(witnessOnly, []byte("\n\n"))+2:]))

	// Go's own verifier accepts the log's signature on what it wrote (the cosignature is an unknown key to it).
	logVkey, err := note.NewEd25519VerifierKey(origin, logKey.Public().(ed25519.PublicKey))
	check(err)
	verifier, err := note.NewVerifier(logVkey)
	check(err)
	if _, err := note.Open(cosigned70000, note.VerifierList(verifier)); err != nil {
		log.Fatalf("x/mod rejects its own note: %v", err)
	}

	var keys strings.Builder
	fmt.Fprintln(&keys, "# Keys and fixed inputs of the notes, proofs and witness request here (hotline-tile-vectors, Go).")
	fmt.Fprintf(&keys, "origin %s\n", origin)
	fmt.Fprintf(&keys, "log.seed %x\n", logSeed)
	fmt.Fprintf(&keys, "log.vkey %s\n", logVkey)
	fmt.Fprintf(&keys, "witness.name %s\n", witnessName)
	fmt.Fprintf(&keys, "witness.seed %x\n", witnessSeed)
	fmt.Fprintf(&keys, "witness.vkey %s+%08x+%s\n", witnessName, witness.KeyHash(),
		base64.StdEncoding.EncodeToString(append([]byte{typeCosignatureV1}, witnessKey.Public().(ed25519.PublicKey)...)))
	fmt.Fprintf(&keys, "cosignature.time %d\n", cosignatureTime)
	write(out, "keys.txt", keys.String())
}

// tileEntry is the i-th entry of the vector log: ASCII "hotline tile entry <i>".
func tileEntry(i int) []byte { return []byte(fmt.Sprintf("hotline tile entry %d", i)) }

// paths lists x/mod's Tile.Path for a spread of indexes and widths, hash tiles and data (entry) tiles.
func paths() string {
	var b strings.Builder
	fmt.Fprintln(&b, "# golang.org/x/mod/sumdb/tlog Tile{H: 8, L, N, W}.Path(); L = -1 is x/mod's data tile (C2SP entry bundle).")
	fmt.Fprintln(&b, "# path <level or 'entries'> <index> <width> <x/mod path>")
	indexes := []int64{0, 5, 999, 1000, 1001, 999999, 1000000, 1234067, 1 << 40, (1<<63 - 1) >> 8}
	for _, n := range indexes {
		for _, w := range []int{256, 1, 112, 255} {
			for _, l := range []int{0, 1, 2, 63, -1} {
				level := fmt.Sprint(l)
				if l == -1 {
					level = "entries"
				}
				fmt.Fprintf(&b, "path %s %d %d %s\n", level, n, w, tlog.Tile{H: tileHeight, L: l, N: n, W: w}.Path())
			}
		}
	}
	return b.String()
}

// layouts lists, for each size, the tiles x/mod's NewTiles(8, 0, size) publishes, keeping each level's full tiles
// and its widest partial tile (NewTiles also lists every narrower width of the partial tile, which a log wrote on
// the way; C2SP asks only for the partial tile of the checkpointed size).
func layouts() string {
	var b strings.Builder
	fmt.Fprintln(&b, "# golang.org/x/mod/sumdb/tlog NewTiles(8, 0, size): full tiles and the widest partial tile of each level.")
	fmt.Fprintln(&b, "# layout <size> <x/mod path>")
	for _, size := range tileSizes {
		for _, t := range tilesOf(size) {
			fmt.Fprintf(&b, "layout %d %s\n", size, t.Path())
		}
	}
	return b.String()
}

func tilesOf(size int64) []tlog.Tile {
	all := tlog.NewTiles(tileHeight, 0, size)
	var kept []tlog.Tile
	for i, t := range all {
		if t.W == 1<<tileHeight || i == len(all)-1 || all[i+1].L != t.L {
			kept = append(kept, t)
		}
	}
	return kept
}

// tileVectors lists each size's root, the SHA-256 of each of its tiles' contents (x/mod's ReadTileData), and proofs
// computed by x/mod through TileHashReader, which authenticates every tile it reads against the tree hash.
func tileVectors(storage hashStorage, tiles tileStore) string {
	var b strings.Builder
	fmt.Fprintln(&b, "# golang.org/x/mod/sumdb/tlog over the entries \"hotline tile entry <i>\" (ASCII), i = 0 … 69999.")
	fmt.Fprintln(&b, "# leaf <index> <hex>; root <size> <hex>; tile <size> <x/mod path> <SHA-256 of the tile's bytes>;")
	fmt.Fprintln(&b, "# inclusion <size> <index> <hashes, comma-separated, '-' if none>; consistency <old> <new> <hashes>")
	for _, i := range []int{0, 1, 69999} {
		h := tlog.RecordHash(tileEntry(i))
		fmt.Fprintf(&b, "leaf %d %x\n", i, h[:])
	}
	for _, size := range tileSizes {
		h := treeHash(size, storage)
		fmt.Fprintf(&b, "root %d %x\n", size, h[:])
	}
	for _, size := range tileSizes {
		for _, t := range tilesOf(size) {
			data, err := tlog.ReadTileData(t, storage)
			check(err)
			fmt.Fprintf(&b, "tile %d %s %x\n", size, t.Path(), sha256.Sum256(data))
		}
	}
	for _, size := range tileSizes {
		tree := tlog.Tree{N: size, Hash: treeHash(size, storage)}
		reader := tlog.TileHashReader(tree, tiles)
		for _, index := range []int64{0, 1, 254, 255, 256, 257, 12345, 65535, 65536, 69887, 69888, 69999} {
			if index >= size {
				continue
			}
			p, err := tlog.ProveRecord(size, index, reader)
			check(err)
			check(tlog.CheckRecord(p, size, tree.Hash, index, tlog.RecordHash(tileEntry(int(index)))))
			fmt.Fprintf(&b, "inclusion %d %d %s\n", size, index, hashes(p))
		}
		for _, old := range append([]int64{2, 3, 100, 65536, 69999}, tileSizes...) {
			if old > size {
				continue
			}
			p, err := tlog.ProveTree(size, old, reader)
			check(err)
			check(tlog.CheckTree(p, size, tree.Hash, old, treeHash(old, storage)))
			fmt.Fprintf(&b, "consistency %d %d %s\n", old, size, hashes(p))
		}
	}
	return b.String()
}

// bundles lists the C2SP entry bundle (u16 big-endian length, entry; repeated) of each level-0 tile of each size.
func bundles(entries [][]byte) string {
	var b strings.Builder
	fmt.Fprintln(&b, "# C2SP tlog-tiles entry bundles of the same entries: each a big-endian u16 length, then the entry.")
	fmt.Fprintln(&b, "# bundle <size> <x/mod data tile path> <SHA-256 of the bundle>; bundlehex <size> <path> <hex> if width ≤ 2")
	for _, size := range tileSizes {
		for _, t := range tilesOf(size) {
			if t.L != 0 {
				continue
			}
			var bundle []byte
			for i := t.N << tileHeight; i < t.N<<tileHeight+int64(t.W); i++ {
				bundle = binary.BigEndian.AppendUint16(bundle, uint16(len(entries[i])))
				bundle = append(bundle, entries[i]...)
			}
			data := tlog.Tile{H: tileHeight, L: -1, N: t.N, W: t.W}
			fmt.Fprintf(&b, "bundle %d %s %x\n", size, data.Path(), sha256.Sum256(bundle))
			if t.W <= 2 {
				fmt.Fprintf(&b, "bundlehex %d %s %x\n", size, data.Path(), bundle)
			}
		}
	}
	return b.String()
}

// proofFile is a c2sp.org/tlog-proof@v1 file for the entry at index in the tree of size, the inclusion proof read
// through TileHashReader.
func proofFile(index, size int64, extra []byte, checkpoint []byte, tiles tileStore, storage hashStorage) string {
	tree := tlog.Tree{N: size, Hash: treeHash(size, storage)}
	p, err := tlog.ProveRecord(size, index, tlog.TileHashReader(tree, tiles))
	check(err)
	var b strings.Builder
	fmt.Fprintln(&b, "c2sp.org/tlog-proof@v1")
	if extra != nil {
		fmt.Fprintf(&b, "extra %s\n", base64.StdEncoding.EncodeToString(extra))
	}
	fmt.Fprintf(&b, "index %d\n", index)
	for _, h := range p {
		fmt.Fprintf(&b, "%s\n", base64.StdEncoding.EncodeToString(h[:]))
	}
	fmt.Fprintf(&b, "\n%s", checkpoint)
	return b.String()
}

func treeHash(size int64, storage hashStorage) tlog.Hash {
	h, err := tlog.TreeHash(size, storage)
	check(err)
	return h
}

// tileStore serves tiles of any prefix of the stored tree, as a tile server would.
type tileStore struct{ storage hashStorage }

func (t tileStore) Height() int { return tileHeight }

func (t tileStore) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var data [][]byte
	for _, tile := range tiles {
		d, err := tlog.ReadTileData(tile, t.storage)
		if err != nil {
			return nil, err
		}
		data = append(data, d)
	}
	return data, nil
}

func (t tileStore) SaveTiles([]tlog.Tile, [][]byte) {}

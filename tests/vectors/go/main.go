// Command hotline-vectors writes the cross-check vectors in tests/vectors/go-x-mod/ with an implementation
// independent of Hotline's: golang.org/x/mod/sumdb/note (C2SP signed notes) and golang.org/x/mod/sumdb/tlog
// (RFC 6962 tree hashes and proofs), plus crypto/ed25519 for the C2SP tlog-cosignature v1 lines, which x/mod
// does not implement. Every input is fixed (seeds, time, entries), so the output is the same on every run.
//
// Regenerate (see tests/vectors/README.md): from the repository root,
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run ./tests/vectors/go tests/vectors/go-x-mod
//
// With -tiles it writes the tile, proof and witness vectors of tiles.go instead.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const (
	// The transcript of node "alpha" on one link: origin and log key name are the same string.
	origin = "hotline/link/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/alpha"
	// The receiving node "bravo" cosigns (a Hotline receipt) under this name.
	cosignerName = "hotline/node/bravo"
	// 2026-01-01T00:00:00Z.
	cosignatureTime = uint64(1767225600)
	// Number of entries in the Hotline-style tree: odd and not a power of two, so every proof shape occurs.
	hotlineEntries = 13
)

const (
	typeEd25519       = 0x01
	typeCosignatureV1 = 0x04
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-tiles" {
		writeTileVectors(os.Args[2])
		return
	}
	if len(os.Args) != 2 {
		log.Fatal("usage: hotline-vectors [-tiles] OUTPUT-DIRECTORY")
	}
	out := os.Args[1]
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}

	logSeed := seq(0x00, 32)
	cosignerSeed := seq(0x20, 32)
	logKey := ed25519.NewKeyFromSeed(logSeed)
	cosignerKey := ed25519.NewKeyFromSeed(cosignerSeed)
	logPublic := logKey.Public().(ed25519.PublicKey)
	cosignerPublic := cosignerKey.Public().(ed25519.PublicKey)

	// Trees: the RFC 6962 reference leaves, and Hotline-style entries.
	ctLeaves := [][]byte{
		unhex(""), unhex("00"), unhex("10"), unhex("2021"), unhex("3031"), unhex("40414243"),
		unhex("5051525354555657"), unhex("606162636465666768696a6b6c6d6e6f"),
	}
	var entries [][]byte
	for i := 0; i < hotlineEntries; i++ {
		entries = append(entries, []byte(fmt.Sprintf("hotline entry %d", i)))
	}
	write(out, "tlog-rfc6962.txt", treeVectors("the RFC 6962 reference leaves of certificate-transparency", ctLeaves))
	hotlineTree := treeVectors("13 entries \"hotline entry <i>\" (ASCII)", entries)
	write(out, "tlog-hotline.txt", hotlineTree)

	// The checkpoint of the 13-entry tree, signed with x/mod's note.Sign.
	storage := store(entries)
	root, err := tlog.TreeHash(hotlineEntries, storage)
	check(err)
	text := fmt.Sprintf("%s\n%d\n%s\n", origin, hotlineEntries, base64.StdEncoding.EncodeToString(root[:]))
	skey := fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", origin, keyID(origin, typeEd25519, logPublic),
		base64.StdEncoding.EncodeToString(append([]byte{typeEd25519}, logSeed...)))
	logSigner, err := note.NewSigner(skey)
	check(err)
	signed, err := note.Sign(&note.Note{Text: text}, logSigner)
	check(err)
	write(out, "checkpoint.note", string(signed))

	// The receipt: the same note with the log signature and a tlog-cosignature/v1 line.
	cosigner := &cosignatureSigner{name: cosignerName, key: cosignerKey, time: cosignatureTime}
	cosigned, err := note.Sign(&note.Note{Text: text}, logSigner, cosigner)
	check(err)
	write(out, "cosigned-checkpoint.note", string(cosigned))

	// Go's own verifier must accept what it wrote (the cosignature line is an unknown key to it and is ignored).
	logVkey, err := note.NewEd25519VerifierKey(origin, logPublic)
	check(err)
	verifier, err := note.NewVerifier(logVkey)
	check(err)
	for _, msg := range [][]byte{signed, cosigned} {
		if _, err := note.Open(msg, note.VerifierList(verifier)); err != nil {
			log.Fatalf("x/mod rejects its own note: %v", err)
		}
	}

	var keys strings.Builder
	fmt.Fprintln(&keys, "# Keys and fixed inputs of checkpoint.note and cosigned-checkpoint.note (hotline-vectors, Go).")
	fmt.Fprintf(&keys, "origin %s\n", origin)
	fmt.Fprintf(&keys, "log.seed %x\n", logSeed)
	fmt.Fprintf(&keys, "log.public %x\n", []byte(logPublic))
	fmt.Fprintf(&keys, "log.keyid %08x\n", keyID(origin, typeEd25519, logPublic))
	fmt.Fprintf(&keys, "log.vkey %s\n", logVkey)
	fmt.Fprintf(&keys, "cosigner.name %s\n", cosignerName)
	fmt.Fprintf(&keys, "cosigner.seed %x\n", cosignerSeed)
	fmt.Fprintf(&keys, "cosigner.public %x\n", []byte(cosignerPublic))
	fmt.Fprintf(&keys, "cosigner.keyid %08x\n", keyID(cosignerName, typeCosignatureV1, cosignerPublic))
	fmt.Fprintf(&keys, "cosigner.vkey %s+%08x+%s\n", cosignerName, keyID(cosignerName, typeCosignatureV1, cosignerPublic),
		base64.StdEncoding.EncodeToString(append([]byte{typeCosignatureV1}, cosignerPublic...)))
	fmt.Fprintf(&keys, "cosignature.time %d\n", cosignatureTime)
	fmt.Fprintf(&keys, "cosignature.message %x\n", cosignatureMessage(text, cosignatureTime))
	fmt.Fprintf(&keys, "checkpoint.size %d\n", hotlineEntries)
	fmt.Fprintf(&keys, "checkpoint.root %x\n", root[:])
	write(out, "keys.txt", keys.String())
}

// cosignatureSigner is a note.Signer producing C2SP tlog-cosignature v1 signatures: the signature bytes are the
// big-endian u64 timestamp followed by Ed25519 over "cosignature/v1\ntime <t>\n" || note text.
type cosignatureSigner struct {
	name string
	key  ed25519.PrivateKey
	time uint64
}

func (s *cosignatureSigner) Name() string { return s.name }

func (s *cosignatureSigner) KeyHash() uint32 {
	return keyID(s.name, typeCosignatureV1, s.key.Public().(ed25519.PublicKey))
}

func (s *cosignatureSigner) Sign(text []byte) ([]byte, error) {
	sig := ed25519.Sign(s.key, cosignatureMessage(string(text), s.time))
	out := make([]byte, 8, 8+len(sig))
	binary.BigEndian.PutUint64(out, s.time)
	return append(out, sig...), nil
}

func cosignatureMessage(text string, time uint64) []byte {
	return []byte(fmt.Sprintf("cosignature/v1\ntime %d\n%s", time, text))
}

// keyID is the C2SP signed-note key ID: SHA-256(name || 0x0A || type || public key)[:4], big-endian.
func keyID(name string, typ byte, public []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{'\n', typ})
	h.Write(public)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// treeVectors lists, for the tree over entries, every leaf hash, every tree hash of sizes 1..n, every inclusion
// proof (index < size ≤ n) and every consistency proof (1 ≤ old ≤ new ≤ n), all computed by x/mod's tlog.
func treeVectors(description string, entries [][]byte) string {
	storage := store(entries)
	n := int64(len(entries))
	var b strings.Builder
	fmt.Fprintf(&b, "# golang.org/x/mod/sumdb/tlog over %s.\n", description)
	fmt.Fprintln(&b, "# entry <index> <hex>; leaf <index> <hex>; root <size> <hex>;")
	fmt.Fprintln(&b, "# inclusion <index> <size> <hashes, comma-separated, '-' if none>; consistency <old> <new> <hashes>")
	for i, e := range entries {
		fmt.Fprintf(&b, "entry %d %s\n", i, dash(hex.EncodeToString(e)))
	}
	for i, e := range entries {
		h := tlog.RecordHash(e)
		fmt.Fprintf(&b, "leaf %d %x\n", i, h[:])
	}
	for size := int64(1); size <= n; size++ {
		h, err := tlog.TreeHash(size, storage)
		check(err)
		fmt.Fprintf(&b, "root %d %x\n", size, h[:])
	}
	for size := int64(1); size <= n; size++ {
		for index := int64(0); index < size; index++ {
			p, err := tlog.ProveRecord(size, index, storage)
			check(err)
			fmt.Fprintf(&b, "inclusion %d %d %s\n", index, size, hashes(p))
		}
	}
	for size := int64(1); size <= n; size++ {
		for old := int64(1); old <= size; old++ {
			p, err := tlog.ProveTree(size, old, storage)
			check(err)
			fmt.Fprintf(&b, "consistency %d %d %s\n", old, size, hashes(p))
		}
	}
	return b.String()
}

type hashStorage []tlog.Hash

func (s hashStorage) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = s[x]
	}
	return out, nil
}

func store(entries [][]byte) hashStorage {
	var s hashStorage
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, s)
		check(err)
		s = append(s, hs...)
	}
	return s
}

func hashes(p []tlog.Hash) string {
	var parts []string
	for _, h := range p {
		parts = append(parts, hex.EncodeToString(h[:]))
	}
	return dash(strings.Join(parts, ","))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func seq(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	check(err)
	return b
}

func write(dir, name, content string) {
	if !bytes.HasSuffix([]byte(content), []byte("\n")) {
		log.Fatalf("%s does not end with a newline", name)
	}
	check(os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

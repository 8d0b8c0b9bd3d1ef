import type { Registry } from '../../core/registry.ts';
import type { Citizen, DocumentContent, DocumentListing, Person } from '../../core/domain.ts';
import type { Redactor } from './redactor.ts';

/**
 * The personal strings of the citizen at the kiosk, held by the redactor while the journey lasts:
 * the NIK and names the sign-in returned, every name the document listing shows (a child's KIA,
 * a relative's akta) and every name in a claimed document (each member of a KK). `release` forgets
 * them all, at the journey's end and when the journey crashed without ending.
 */
export class CitizenNames {
  #held: string[] = [];

  constructor(private readonly redactor: Redactor) {}

  #hold(values: Iterable<string | null | undefined>): void {
    for (const v of values) {
      if (typeof v !== 'string' || v.trim().length < 3) continue;
      this.redactor.remember(v);
      this.#held.push(v);
    }
  }

  signedIn(c: Citizen): void {
    this.#hold(personStrings(c.person));
    this.#hold([c.kkNumber]);
  }

  /** A listing's title names its subject after a colon (`KIA: …`); KK titles carry the No. KK. */
  listed(listings: readonly DocumentListing[]): void {
    for (const l of listings) {
      const colon = l.title.indexOf(':');
      this.#hold([colon >= 0 ? l.title.slice(colon + 1) : null, l.application.subjectNik, l.application.documentNumber, ...l.application.ownerNiks]);
    }
  }

  claimed(content: DocumentContent): void {
    switch (content.type) {
      case 'kk':
        this.#hold([content.family.kkNumber]);
        for (const m of [content.head, ...content.members]) this.#hold(personStrings(m));
        break;
      case 'ktp':
        this.#hold(personStrings(content.person));
        break;
      case 'kia':
        this.#hold([...personStrings(content.person), content.headName, content.kkNumber]);
        break;
      case 'akta-lahir':
        this.#hold([content.birth.childName, content.birth.childNik, content.birth.fatherName, content.birth.motherName]);
        break;
      case 'akta-mati':
        this.#hold([content.death.name, content.death.nik]);
        break;
    }
  }

  /** How many strings this journey holds (tests check a crash brings it to zero). */
  get size(): number {
    return this.#held.length;
  }

  release(): void {
    for (const v of this.#held) this.redactor.forget(v);
    this.#held = [];
  }

  /** The registry as the journey sees it: every listing and claimed document registers its names first. */
  watch(registry: Registry): Registry {
    const listDocuments: Registry['listDocuments'] = async (...args) => {
      const r = await registry.listDocuments(...args);
      if (r.ok) this.listed(r.value);
      return r;
    };
    const claim: Registry['claim'] = async (...args) => {
      const r = await registry.claim(...args);
      if (r.ok) this.claimed(r.value.content);
      return r;
    };
    return new Proxy(registry, {
      get(target, prop) {
        if (prop === 'listDocuments') return listDocuments;
        if (prop === 'claim') return claim;
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }
}

function personStrings(p: Person): Array<string | null> {
  return [p.nik, p.name, p.fatherName, p.motherName, p.birthPlace, p.address.street];
}
